package io.github.cameliterable.sync;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.github.cameliterable.client.ApiCall;
import io.github.cameliterable.client.ApiResponse;
import io.github.cameliterable.client.IterableClient;

/**
 * The endpoint's calls to Iterable, shared by all its runs: each request holds one of the {@link RequestSlots}, and
 * each attempt the client reports is counted in the report of every run with a record in the request.
 */
final class Requests {
    private final IterableClient client;
    private final RequestSlots slots;
    private final boolean dryRun;
    /** The runs a request in flight carries records of; keyed by the call, whose body array makes it unique. */
    private final Map<ApiCall, Collection<SyncRun>> carriers = new ConcurrentHashMap<>();

    Requests(IterableClient client, int maxConcurrentRequests, boolean dryRun) {
        this.client = client;
        this.slots = new RequestSlots(maxConcurrentRequests);
        this.dryRun = dryRun;
    }

    IterableClient client() {
        return client;
    }

    RequestSlots slots() {
        return slots;
    }

    boolean isDryRun() {
        return dryRun;
    }

    /** Sends through the client for these runs, which count the request's bytes and every attempt. */
    CompletableFuture<ApiResponse> send(ApiCall call, Collection<SyncRun> runs) {
        runs.forEach(run -> run.report().requestBytes.addAndGet(call.bodyBytes()));
        carriers.put(call, runs);
        return client.call(call).whenComplete((response, failure) -> carriers.remove(call));
    }

    /** Told by the client's listener of each attempt, retries and 429s included. */
    void attempted(ApiCall call, int attempt, int status) {
        Collection<SyncRun> runs = carriers.getOrDefault(call, List.of());
        for (SyncRun run : runs) {
            SyncReport report = run.report();
            report.apiCalls.incrementAndGet();
            if (attempt > 1) {
                report.retries.incrementAndGet();
            }
            if (status == 429) {
                report.rateLimited.incrementAndGet();
            }
        }
    }

    /** A request a dry run would have made: counted, not sent. */
    static void countDryRun(long bytes, Collection<SyncRun> runs) {
        for (SyncRun run : runs) {
            run.report().apiCalls.incrementAndGet();
            run.report().requestBytes.addAndGet(bytes);
        }
    }

    /**
     * A single call for one item (no bulk endpoint, such as trackPurchase): waits for a request slot, sends, and
     * completes the item from the status.
     */
    void callFor(Item item, ApiCall call) {
        SyncRun run = item.run();
        run.report().sent.incrementAndGet();
        slots.hold(() -> {
            if (dryRun && !"GET".equals(call.endpoint().method())) {
                countDryRun(call.bodyBytes(), List.of(run));
                item.succeed();
                return CompletableFuture.completedFuture(null);
            }
            if (run.stoppedBy() != null) {
                item.fail(null, run.notSentReason());
                return CompletableFuture.completedFuture(null);
            }
            return send(call, List.of(run)).handle((response, failure) -> {
                if (failure != null) {
                    item.noAnswer(failure);
                } else if (response.isSuccess()) {
                    item.succeed();
                } else if (call.endpoint().alreadyDone(response.status(), response.code())) {
                    // a user Iterable does not know is a deletion done: counted so, and said once in the report
                    run.report().noteRecord("Iterable did not know the user (" + response.code() + "): counted as deleted");
                    item.succeed();
                } else {
                    if (response.isAuthFailure()) {
                        run.stop(response.toException());
                    }
                    item.answeredWith(response);
                }
                return null;
            });
        });
    }

    /** A read-only call (lookups) for a run, under the same request slots; completes with the answer. */
    CompletableFuture<ApiResponse> read(ApiCall call, SyncRun run) {
        CompletableFuture<ApiResponse> answer = new CompletableFuture<>();
        slots.hold(() -> send(call, List.of(run)).whenComplete((response, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(failure);
            } else {
                if (response.isAuthFailure()) {
                    run.stop(response.toException());
                }
                answer.complete(response);
            }
        }).thenApply(r -> null));
        return answer;
    }
}
