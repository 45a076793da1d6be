package io.github.cameliterable.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One request to Iterable: the operation, its concrete path and query, and the JSON body (null for GET and for
 * DELETE without a body).
 */
public record ApiCall(ApiEndpoint endpoint, String path, byte[] body) {

    public static ApiCall of(ApiEndpoint endpoint, byte[] body) {
        return new ApiCall(endpoint, endpoint.pathTemplate(), body);
    }

    /** Fills the path's {placeholders} in order, each value URL-encoded as one path segment. */
    public static ApiCall withPath(ApiEndpoint endpoint, byte[] body, String... pathValues) {
        String path = endpoint.pathTemplate();
        for (String value : pathValues) {
            int open = path.indexOf('{');
            int close = path.indexOf('}', open);
            path = path.substring(0, open) + encode(value).replace("+", "%20") + path.substring(close + 1);
        }
        return new ApiCall(endpoint, path, body);
    }

    public static ApiCall withQuery(ApiEndpoint endpoint, Map<String, String> query) {
        StringJoiner joiner = new StringJoiner("&", endpoint.pathTemplate() + "?", "");
        query.forEach((k, v) -> joiner.add(encode(k) + "=" + encode(v)));
        return new ApiCall(endpoint, joiner.toString(), null);
    }

    public int bodyBytes() {
        return body == null ? 0 : body.length;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
