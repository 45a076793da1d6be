package io.github.cameliterable;

import io.github.cameliterable.sync.SyncType;
import io.github.cameliterable.sync.UsersSync;

/** The endpoint path to its sync type. */
final class SyncTypes {
    private SyncTypes() {
    }

    static SyncType create(String name, IterableConfiguration configuration) {
        return switch (name) {
            case "users" -> new UsersSync(configuration);
            case "events", "cart", "catalog", "lists", "email", "userActions" -> throw new IllegalArgumentException(
                    "iterable:" + name + " is not available in this version yet; available: users");
            default -> throw new IllegalArgumentException(
                    "Unknown sync type '" + name + "': use users, events, cart, catalog, lists, email or userActions");
        };
    }
}
