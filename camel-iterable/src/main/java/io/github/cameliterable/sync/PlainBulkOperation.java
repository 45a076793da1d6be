package io.github.cameliterable.sync;

import io.github.cameliterable.client.ApiEndpoint;

/**
 * A bulk operation that is its endpoint and the text around its items, answered with Iterable's usual bulk answer.
 * A record, so that equal operations share one batcher within a run.
 */
record PlainBulkOperation(ApiEndpoint endpoint, String prefix, String suffix) implements BulkOperation {
}
