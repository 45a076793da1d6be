package io.github.cameliterable.client;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

import javax.net.ssl.SSLContext;

/** How to reach Iterable: where, with which key, and how long to wait. */
public record ClientSettings(
        URI baseUri,
        String apiKey,
        Duration connectTimeout,
        Duration requestTimeout,
        RetrySettings retry,
        SSLContext sslContext,
        boolean callLogAtInfo) {

    /** Settings whose call log is written at DEBUG. */
    public ClientSettings(URI baseUri, String apiKey, Duration connectTimeout, Duration requestTimeout,
            RetrySettings retry, SSLContext sslContext) {
        this(baseUri, apiKey, connectTimeout, requestTimeout, retry, sslContext, false);
    }

    public ClientSettings {
        Objects.requireNonNull(baseUri, "baseUri");
        apiKey = checkedApiKey(apiKey);
        requireSafeScheme(baseUri);
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(60) : requestTimeout;
        retry = retry == null ? RetrySettings.DEFAULT : retry;
        // Camel reads a duration it cannot parse ("five") as 0: refused here, at start, not at every call
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("requestTimeout", requestTimeout);
    }

    private static void requirePositive(String option, Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException(
                    option + " must be a positive duration (such as 30s); it is " + timeout.toMillis()
                            + " ms (Camel reads a duration it cannot parse, such as 'five', as 0)");
        }
    }

    /**
     * The key as it goes into the {@code Api-Key} header: surrounding whitespace removed (a key read from a mounted
     * secret file usually ends with a newline), then printable ASCII without spaces, as Iterable's keys are. The
     * error never repeats the key, not even a part of it.
     */
    public static String checkedApiKey(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("An Iterable API key is required (option apiKey)");
        }
        String key = raw.strip();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                throw new IllegalArgumentException("The Iterable API key (" + key.length() + " characters) holds "
                        + (c < 0x20 || c == 0x7F ? "a control character such as a line break"
                                : c == 0x20 ? "a space" : "a non-ASCII character")
                        + " at position " + (i + 1) + ", which an HTTP header cannot carry; check how the secret is"
                        + " written (the key itself is not shown)");
            }
        }
        return key;
    }

    /** The key goes over plain http only to this machine (emulators, tests), never across a network. */
    static void requireSafeScheme(URI baseUri) {
        String scheme = baseUri.getScheme();
        if ("https".equalsIgnoreCase(scheme)) {
            return;
        }
        if (!"http".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("baseUri must use https (or http to a loopback host): " + baseUri);
        }
        if (!isLoopback(baseUri.getHost())) {
            throw new IllegalArgumentException(
                    "baseUri uses plain http to a host that is not loopback; the API key would cross the network "
                            + "unencrypted: " + baseUri);
        }
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!literal.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false; // only literal addresses are trusted; a name could resolve anywhere
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * A short, stable fingerprint of the key, for keying rate limiters, also in a store shared by several JVMs: the
     * first 64 bits of its SHA-256, from which the key cannot be recovered; the key itself is never shown.
     */
    public String apiKeyFingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ClientSettings[baseUri=" + baseUri + ", apiKey=******, connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + ", retry=" + retry + "]";
    }
}
