package io.github.cameliterable.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * What Iterable answered: the HTTP status, the body, and Iterable's response model ({@code code}, {@code msg},
 * {@code params}) read from it when it is JSON.
 */
public final class ApiResponse {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiCall call;
    private final int status;
    private final byte[] body;
    private final Duration retryAfter;
    private JsonNode json;

    public ApiResponse(ApiCall call, int status, byte[] body, Duration retryAfter) {
        this.call = call;
        this.status = status;
        this.body = body == null ? new byte[0] : body;
        this.retryAfter = retryAfter;
    }

    public ApiCall call() {
        return call;
    }

    public int status() {
        return status;
    }

    public byte[] body() {
        return body;
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The key is wrong or lacks server-side permissions: no retry and no other record can succeed. */
    public boolean isAuthFailure() {
        return IterableApiException.isAuthFailure(status);
    }

    /** The {@code Retry-After} Iterable sent with a 429 or 503, when it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The body as JSON, or a missing node when it is empty or not JSON. */
    public JsonNode json() {
        if (json == null) {
            try {
                json = body.length == 0 ? MissingNode.getInstance() : JSON.readTree(body);
            } catch (Exception e) {
                json = MissingNode.getInstance();
            }
            if (json == null) {
                json = MissingNode.getInstance();
            }
        }
        return json;
    }

    /** Iterable's {@code code}, such as {@code Success}, {@code BadApiKey}, {@code RequestFieldsTypesMismatched}. */
    public String code() {
        return json().path("code").isTextual() ? json().path("code").asText() : null;
    }

    /** Iterable's {@code msg}, or the start of a non-JSON body. */
    public String msg() {
        JsonNode msg = json().path("msg");
        if (msg.isTextual()) {
            return msg.asText();
        }
        if (json().isMissingNode() && body.length > 0) {
            String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
            return text.strip();
        }
        return null;
    }

    public JsonNode params() {
        return json().path("params");
    }

    public <T> T as(Class<T> type) {
        return JSON.convertValue(json(), type);
    }

    /** The refusal as an exception, for callers that cannot go on. */
    public IterableApiException toException() {
        return new IterableApiException(call.endpoint(), status, code(), msg());
    }
}
