package io.github.cameliterable.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the emulator answers: a status and a JSON (or plain) body, or a connection fault, plus headers and delay. */
final class EmulatorResponse {
    final int status;
    final String body;
    final String contentType;
    final Map<String, String> headers = new LinkedHashMap<>();
    final boolean connectionReset;
    final String code;

    private EmulatorResponse(int status, String body, String contentType, boolean connectionReset, String code) {
        this.status = status;
        this.body = body;
        this.contentType = contentType;
        this.connectionReset = connectionReset;
        this.code = code;
    }

    static EmulatorResponse json(int status, Object body) {
        String code = body instanceof Map<?, ?> m && m.get("code") instanceof String c ? c : null;
        return new EmulatorResponse(status, Json.write(body), "application/json", false, code);
    }

    static EmulatorResponse text(int status, String body, String contentType) {
        return new EmulatorResponse(status, body, contentType, false, null);
    }

    static EmulatorResponse connectionReset() {
        return new EmulatorResponse(0, null, null, true, null);
    }

    /** The generic Iterable answer; a LinkedHashMap so that "params": null is kept and the key order is Iterable's. */
    static Map<String, Object> body(String msg, String code, Object params) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("msg", msg);
        m.put("code", code);
        m.put("params", params);
        return m;
    }

    static EmulatorResponse success(String msg, Object params) {
        return json(200, body(msg, "Success", params));
    }

    EmulatorResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
