package io.github.cameliterable.support;

import java.io.IOException;
import java.net.Socket;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The local Redis for the shared rate limiter's tests; the tests skip with a visible message when it is not there. */
public final class LocalRedis {
    public static final String URI = "redis://127.0.0.1:6379";

    private LocalRedis() {
    }

    public static boolean isUp() {
        try (Socket socket = new Socket("127.0.0.1", 6379)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static String uriOrSkip() {
        assumeTrue(isUp(), "Redis at 127.0.0.1:6379 not reachable: skipping the Redis variant of this test");
        return URI;
    }
}
