package io.github.cameliterable.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

/** A tiny java.net.http client for talking to the emulator in tests, without the component. */
public final class EmulatorHttp {
    // plain Jackson defaults on the reading side: small integers come back as Integer, as a typical client sees them
    private static final com.fasterxml.jackson.databind.ObjectMapper READER = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** A response: status, raw body, parsed JSON object (empty map when not JSON) and headers. */
    public record Reply(int status, String body, Map<String, Object> json, HttpResponse<String> raw) {
        public String code() {
            return (String) json.get("code");
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final IterableEmulator emulator;
    private final String apiKey;

    public EmulatorHttp(IterableEmulator emulator) {
        this(emulator, emulator.apiKey());
    }

    public EmulatorHttp(IterableEmulator emulator, String apiKey) {
        this.emulator = emulator;
        this.apiKey = apiKey;
    }

    public EmulatorHttp withApiKey(String key) {
        return new EmulatorHttp(emulator, key);
    }

    public Reply get(String path) {
        return send("GET", path, null);
    }

    public Reply post(String path, Object body) {
        return send("POST", path, body);
    }

    public Reply put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Reply delete(String path) {
        return send("DELETE", path, null);
    }

    public Reply delete(String path, Object body) {
        return send("DELETE", path, body);
    }

    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Sends a body (a String is sent as is, anything else as JSON). Throws IOException for connection faults. */
    public Reply sendRaw(String method, String path, Object body) throws IOException {
        String text = body == null ? null : body instanceof String s ? s : Json.write(body);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emulator.baseUri() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
        if (apiKey != null) {
            b.header("Api-Key", apiKey);
        }
        if (text != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, Object> json = Map.of();
            if (r.headers().firstValue("Content-Type").orElse("").contains("json") && !r.body().isEmpty()) {
                json = READER.readValue(r.body(), new TypeReference<Map<String, Object>>() {
                });
            }
            return new Reply(r.statusCode(), r.body(), json, r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public Reply send(String method, String path, Object body) {
        try {
            return sendRaw(method, path, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
