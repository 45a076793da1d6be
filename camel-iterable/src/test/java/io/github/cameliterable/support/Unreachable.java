package io.github.cameliterable.support;

import java.io.IOException;
import java.net.ServerSocket;

/** Addresses where nothing answers, for the tests of a store that is down. */
public final class Unreachable {
    private Unreachable() {
    }

    /** A local port that was free a moment ago: a connection to it is refused. */
    public static int port() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
