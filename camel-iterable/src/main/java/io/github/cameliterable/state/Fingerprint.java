package io.github.cameliterable.state;

/**
 * A record as change detection sees it: its primary key, the hash of its mapped fields, and its identity
 * ({@code email}, {@code userId} or other identifiers as a small JSON object) so that a removal can still address
 * the record after it left the model.
 */
public record Fingerprint(String primaryKey, String hash, String identity) {
}
