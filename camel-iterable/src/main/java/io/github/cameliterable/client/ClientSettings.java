package io.github.cameliterable.client;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
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
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("An Iterable API key is required (option apiKey)");
        }
        requireSafeScheme(baseUri);
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(60) : requestTimeout;
        retry = retry == null ? RetrySettings.DEFAULT : retry;
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

    /** A short, stable fingerprint of the key, for keying rate limiters; the key itself is never shown. */
    public String apiKeyFingerprint() {
        return Integer.toHexString(apiKey.hashCode());
    }

    @Override
    public String toString() {
        return "ClientSettings[baseUri=" + baseUri + ", apiKey=******, connectTimeout=" + connectTimeout
               + ", requestTimeout=" + requestTimeout + ", retry=" + retry + "]";
    }
}
