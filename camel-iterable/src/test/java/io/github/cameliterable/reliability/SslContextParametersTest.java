package io.github.cameliterable.reliability;

import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sslContextParameters} reaches the HTTP client: an HTTPS server with a self-signed certificate (a TLS proxy
 * in front of Iterable, say) is refused with the JVM's defaults and reached with a trust manager given as Camel's
 * SSLContextParameters.
 */
class SslContextParametersTest {
    private WireMockServer server;
    private CamelContext camel;
    private final AtomicInteger checkedChains = new AtomicInteger();

    /** Trusts any server, counting the chains it was asked about: the test's stand-in for a private trust store. */
    private final class CountingTrustManager extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            checkedChains.incrementAndGet();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            checkedChains.incrementAndGet();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            checkedChains.incrementAndGet();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    @BeforeEach
    void start() {
        server = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .httpDisabled(true)
                .dynamicHttpsPort());
        server.start();
        server.stubFor(WireMock.post("/api/users/bulkUpdate")
                .willReturn(WireMock.okJson(
                        "{\"successCount\":1,\"failCount\":0,\"failedUpdates\":{}}")));
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        server.stop();
    }

    private SyncReport sync(String options) throws Exception {
        camel = new DefaultCamelContext();
        SSLContextParameters tls = new SSLContextParameters();
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setTrustManager(new CountingTrustManager());
        tls.setTrustManagers(trust);
        camel.getRegistry().bind("tls", tls);
        String uri = "iterable:users?apiKey=tls-test-key&changeDetection=false&maxAttempts=1&baseUri=https://localhost:"
                + server.httpsPort() + options;
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:users").to(uri);
            }
        });
        camel.start();
        return camel.createProducerTemplate()
                .requestBody("direct:users",
                        List.of(Map.of("email", "a@example.com", "plan", "pro")), SyncReport.class);
    }

    @Test
    void theJvmsDefaultsRefuseTheSelfSignedServer() throws Exception {
        SyncReport report = sync("");
        assertEquals(1, report.getFailed(), report.toString());
        assertTrue(report.getFailures().get(0).reason().contains("SSLHandshakeException"), report.toString());
        assertEquals(0, server.getAllServeEvents().size());
    }

    @Test
    void sslContextParametersAreWhatTheClientTrusts() throws Exception {
        SyncReport report = sync("&sslContextParameters=#tls");
        assertEquals(1, report.getSucceeded(), report.toString());
        assertTrue(checkedChains.get() > 0, "the given trust manager checked the server");
        server.verify(1, WireMock.postRequestedFor(WireMock.urlEqualTo("/api/users/bulkUpdate"))
                .withHeader("Api-Key", WireMock.equalTo("tls-test-key")));
    }
}
