package io.github.cameliterable.client;

import java.net.URI;

/** The Iterable data centers a project lives in. */
public enum Region {
    US("https://api.iterable.com"), EU("https://api.eu.iterable.com");

    private final URI baseUri;

    Region(String baseUri) {
        this.baseUri = URI.create(baseUri);
    }

    public URI baseUri() {
        return baseUri;
    }
}
