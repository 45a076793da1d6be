package io.github.cameliterable.users;

import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * A plain HTTP stub of Iterable for tests that assert the exact JSON sent: it answers bulkUpdate with success and
 * records every request. The stateful emulator answers the tests that need Iterable's behaviour.
 */
final class StubIterable implements AutoCloseable {
    static final String API_KEY = "stub-key-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    final WireMockServer server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());

    StubIterable() {
        server.start();
        server.stubFor(post(urlPathEqualTo("/api/users/bulkUpdate"))
                .willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"successCount\":1,\"failCount\":0,\"createdFields\":[],\"filteredOutFields\":[]}")));
    }

    String baseUri() {
        return "http://127.0.0.1:" + server.port();
    }

    String endpoint(String syncTypeAndOptions) {
        String separator = syncTypeAndOptions.contains("?") ? "&" : "?";
        return "iterable:" + syncTypeAndOptions + separator + "baseUri=" + baseUri() + "&changeDetection=false";
    }

    List<LoggedRequest> requests(String path) {
        return server.findAll(WireMock.anyRequestedFor(urlPathEqualTo(path)));
    }

    /** The users of every bulkUpdate request, in the order sent. */
    List<JsonNode> bulkUpdateUsers() {
        return requests("/api/users/bulkUpdate").stream()
                .flatMap(r -> {
                    try {
                        List<JsonNode> users = new java.util.ArrayList<>();
                        JSON.readTree(r.getBodyAsString()).path("users").forEach(users::add);
                        return users.stream();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .collect(Collectors.toList());
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
