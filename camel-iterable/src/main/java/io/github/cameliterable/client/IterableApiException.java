package io.github.cameliterable.client;

import io.github.cameliterable.text.SafeText;

/**
 * A call Iterable refused. Carries the HTTP status and Iterable's {@code code} and {@code msg}; never the API key
 * and never the request body.
 */
public class IterableApiException extends RuntimeException {
    private final int status;
    private final String code;

    public IterableApiException(ApiEndpoint endpoint, int status, String code, String iterableMessage) {
        super(endpoint.method() + " " + endpoint.pathTemplate() + " answered " + status
                + (code == null ? "" : " " + code) + (iterableMessage == null ? "" : ": " + SafeText.reason(iterableMessage)));
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** 401 and 403: the key is wrong or lacks server-side permissions; no retry can help. */
    public boolean isAuthFailure() {
        return isAuthFailure(status);
    }

    static boolean isAuthFailure(int status) {
        return status == 401 || status == 403;
    }
}
