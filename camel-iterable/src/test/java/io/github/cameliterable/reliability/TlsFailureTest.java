package io.github.cameliterable.reliability;

import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server whose certificate is not trusted fails the TLS handshake the same way every time: one connection, no
 * retry, and the records fail with the reason.
 */
@ExtendWith(NoApiKeyInLogs.class)
class TlsFailureTest {

    @Test
    void anUntrustedCertificateIsNotRetried(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("self-signed.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0,
                () -> "keytool failed: " + new String(readAll(keytool.getInputStream())));

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keystore.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);

        AtomicInteger connections = new AtomicInteger();
        try (SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket socket = server.accept()) {
                        connections.incrementAndGet();
                        ((SSLSocket) socket).startHandshake();
                    } catch (Exception refusedOrClosed) {
                        // the client refuses the certificate: the handshake ends here
                    }
                }
            }, "untrusted-tls-server");
            acceptor.setDaemon(true);
            acceptor.start();

            CamelContext camel = new DefaultCamelContext();
            String uri = "iterable:users?apiKey=RAW(" + Reliability.API_KEY + ")&baseUri=https://127.0.0.1:"
                    + server.getLocalPort()
                    + "&changeDetection=false&maxAttempts=5&" + Reliability.FAST_RETRIES;
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:sync").to(uri);
                }
            });
            camel.start();
            SyncReport report = camel.createProducerTemplate()
                    .requestBody("direct:sync", Reliability.users(1, 3),
                            SyncReport.class);
            camel.stop();

            assertEquals(3, report.getFailed(), report.toString());
            assertTrue(report.getFailures().get(0).reason().contains("SSLHandshakeException"), report.toString());
            assertEquals(0, report.getRetries(), report.toString());
            assertEquals(1, connections.get(), "one handshake, not one per attempt");
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            return new byte[0];
        }
    }
}
