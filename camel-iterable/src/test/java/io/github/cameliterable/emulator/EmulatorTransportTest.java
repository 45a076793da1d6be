package io.github.cameliterable.emulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JDK client with its defaults (HTTP/2 preferred, as the component uses it) works against the emulator. */
class EmulatorTransportTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @Test
    void defaultHttpClientPostsAndGets(IterableEmulator emulator) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(emulator.baseUri() + "/api/users/bulkUpdate"))
                .header("Api-Key", emulator.apiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers
                        .ofString("{\"users\":[{\"email\":\"a@example.com\",\"dataFields\":{\"x\":1}}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, post.statusCode(), post.body());
        assertTrue(post.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        HttpResponse<String> get = client
                .send(HttpRequest.newBuilder(URI.create(emulator.baseUri() + "/api/users/getByEmail?email=a%40example.com"))
                        .header("api-key", emulator.apiKey())
                        .GET()
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, get.statusCode());
        assertTrue(get.body().contains("\"x\":1"), get.body());
        assertEquals(1, emulator.users().size());
    }
}
