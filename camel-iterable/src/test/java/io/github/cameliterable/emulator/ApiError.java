package io.github.cameliterable.emulator;

import java.util.Map;

/** An Iterable error answer ({@code {"msg","code","params"}}) thrown by a handler to end the request unchanged. */
final class ApiError extends RuntimeException {
    final int status;
    final String code;
    final Object params;

    ApiError(int status, String code, String msg, Object params) {
        super(msg);
        this.status = status;
        this.code = code;
        this.params = params;
    }

    ApiError(int status, String code, String msg) {
        this(status, code, msg, null);
    }

    static ApiError badParams(String msg) {
        return new ApiError(400, "BadParams", msg);
    }

    static ApiError notFound(String msg) {
        return new ApiError(404, "NotFound", msg);
    }

    EmulatorResponse toResponse() {
        return EmulatorResponse.json(status, EmulatorResponse.body(getMessage(), code, params));
    }

    static Map<String, Object> params(String key, Object value) {
        return Map.of(key, value);
    }
}
