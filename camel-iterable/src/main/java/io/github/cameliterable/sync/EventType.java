package io.github.cameliterable.sync;

/** What an events sync tracks. */
public enum EventType {
    /** Custom events through {@code events/trackBulk}. */
    custom,
    /** Purchases through {@code commerce/trackPurchase}. */
    purchase
}
