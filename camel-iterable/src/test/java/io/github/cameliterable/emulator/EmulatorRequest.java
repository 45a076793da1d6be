package io.github.cameliterable.emulator;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An incoming API request, decoded once: method, path, query, path parameters and the JSON body. */
final class EmulatorRequest {
    final String method;
    final String rawPath;
    final List<String> segments;
    final Map<String, List<String>> query;
    final byte[] body;
    final Map<String, String> pathParams = new LinkedHashMap<>();
    private Object json;
    private ApiError parseError;
    private boolean parsed;

    EmulatorRequest(String method, String url, byte[] body) {
        this.method = method;
        int q = url.indexOf('?');
        this.rawPath = q < 0 ? url : url.substring(0, q);
        this.query = q < 0 ? Map.of() : parseQuery(url.substring(q + 1));
        this.body = body == null ? new byte[0] : body;
        List<String> segs = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                segs.add(decodePathSegment(s));
            }
        }
        this.segments = Collections.unmodifiableList(segs);
    }

    String queryParam(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    String pathParam(String name) {
        return pathParams.get(name);
    }

    /** Parses the body now, outside the emulator's lock; a body that is not JSON fails when a handler reads it. */
    void parse() {
        if (!parsed) {
            parsed = true;
            try {
                json = body.length == 0 ? null : Json.read(body);
            } catch (IOException e) {
                parseError = new ApiError(400, "BadJsonBody",
                        "Could not parse JSON body: "
                                + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                                        : e.getMessage()));
            }
        }
    }

    /** The body as a JSON object; a body that is not JSON is Iterable's 400 BadJsonBody. */
    @SuppressWarnings("unchecked")
    Map<String, Object> jsonObject() {
        parse();
        if (parseError != null) {
            throw parseError;
        }
        if (!(json instanceof Map)) {
            throw new ApiError(400, "BadJsonBody", "Request body must be a JSON object");
        }
        return (Map<String, Object>) json;
    }

    private static Map<String, List<String>> parseQuery(String q) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String pair : q.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    // percent-decoding only: a '+' in a path segment is a literal plus (emails like a+b@x.com), not a space
    private static String decodePathSegment(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
