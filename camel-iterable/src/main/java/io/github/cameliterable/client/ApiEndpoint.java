package io.github.cameliterable.client;

/**
 * The Iterable API operations this client calls, each with Iterable's published rate limit and size limits.
 * This enum is the one place those limits are written; where Iterable publishes none, the value is a
 * conservative default that users can override.
 */
public enum ApiEndpoint {
    USERS_BULK_UPDATE("POST", "/api/users/bulkUpdate", 5, 4L * 1024 * 1024, Integer.MAX_VALUE), USERS_UPDATE("POST",
            "/api/users/update", 500, 0, 1), USERS_GET_BY_EMAIL("GET", "/api/users/getByEmail", 100, 0,
                    1), USERS_GET_BY_USER_ID("GET", "/api/users/byUserId/{userId}", 100, 0, 1), USERS_DELETE_BY_EMAIL("DELETE",
                            "/api/users/{email}", 100, 0, 1), USERS_DELETE_BY_USER_ID("DELETE", "/api/users/byUserId/{userId}",
                                    100, 0, 1), USERS_FORGET("POST", "/api/users/forget", 3, 0, 1), USERS_UNFORGET("POST",
                                            "/api/users/unforget", 3, 0, 1), USERS_GET_FIELDS("GET", "/api/users/getFields", 3,
                                                    0, 1), USERS_UPDATE_EMAIL("POST", "/api/users/updateEmail", 100, 0, 1),
    // Iterable states no size limit for trackBulk; the 4 MB of bulkUpdate is kept as a safe cap
    EVENTS_TRACK_BULK("POST", "/api/events/trackBulk", 10, 4L * 1024 * 1024, Integer.MAX_VALUE), COMMERCE_TRACK_PURCHASE("POST",
            "/api/commerce/trackPurchase", 100, 0, 1), COMMERCE_UPDATE_CART("POST", "/api/commerce/updateCart", 100, 0,
                    1), CATALOG_CREATE("POST", "/api/catalogs/{catalogName}", 100, 0, 1), CATALOG_FIELD_MAPPINGS("GET",
                            "/api/catalogs/{catalogName}/fieldMappings", 100, 0, 1), CATALOG_ITEMS_BULK_UPDATE("POST",
                                    "/api/catalogs/{catalogName}/items", 100, 4L * 1024 * 1024,
                                    1000), CATALOG_ITEMS_BULK_DELETE("DELETE", "/api/catalogs/{catalogName}/items", 100,
                                            4L * 1024 * 1024, 1000), LISTS_GET("GET", "/api/lists", 100, 0,
                                                    1), LISTS_CREATE("POST", "/api/lists", 100, 0, 1), LISTS_SUBSCRIBE("POST",
                                                            "/api/lists/subscribe", 100, 4L * 1024 * 1024,
                                                            Integer.MAX_VALUE), LISTS_UNSUBSCRIBE("POST",
                                                                    "/api/lists/unsubscribe", 100, 4L * 1024 * 1024,
                                                                    Integer.MAX_VALUE);

    private final String method;
    private final String pathTemplate;
    private final int requestsPerSecond;
    private final long maxBodyBytes;
    private final int maxItems;

    ApiEndpoint(String method, String pathTemplate, int requestsPerSecond, long maxBodyBytes, int maxItems) {
        this.method = method;
        this.pathTemplate = pathTemplate;
        this.requestsPerSecond = requestsPerSecond;
        this.maxBodyBytes = maxBodyBytes;
        this.maxItems = maxItems;
    }

    public String method() {
        return method;
    }

    /** The path as Iterable documents it, with {placeholders}. */
    public String pathTemplate() {
        return pathTemplate;
    }

    /** Iterable's published limit, or our conservative default where it publishes none. */
    public int requestsPerSecond() {
        return requestsPerSecond;
    }

    /** Largest request body Iterable accepts, 0 when the endpoint takes one record a call. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * An error answer that means what the call asked for is already so: deleting a user Iterable does not know
     * (400 UnknownEmailError, UnknownUserIdError). Such a call counts as done.
     */
    public boolean alreadyDone(int status, String code) {
        return switch (this) {
            case USERS_DELETE_BY_EMAIL -> status == 400 && "UnknownEmailError".equals(code);
            case USERS_DELETE_BY_USER_ID -> status == 400 && "UnknownUserIdError".equals(code);
            default -> false;
        };
    }

    /** Largest number of items in one request. */
    public int maxItems() {
        return maxItems;
    }
}
