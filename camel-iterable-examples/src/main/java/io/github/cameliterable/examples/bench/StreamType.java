package io.github.cameliterable.examples.bench;

import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

import io.github.cameliterable.sync.SyncReport;

/**
 * The two sync types of the stream scenarios (6 and 7): users and events of about 250 bytes, change detection off so
 * that the stream path itself is measured ({@code -DchangeDetection=true}: the component's default, on), with their
 * bulk endpoint, its rate limit and its body's envelope.
 */
record StreamType(String name, String uri, String bulkPath, int perSecond, String prefix, String suffix,
        LongFunction<Map<String, Object>> row) {

    private static final String CHANGE_DETECTION = "changeDetection=" + Boolean.getBoolean("changeDetection");

    static final List<StreamType> ALL = List.of(
            new StreamType("users", "iterable:users?" + CHANGE_DETECTION, "/api/users/bulkUpdate", 5, "{\"users\":[",
                    "]}", i -> Bench.userRow(i, 0)),
            new StreamType("events", "iterable:events?eventName=productViewed&eventIdColumn=id&" + CHANGE_DETECTION,
                    "/api/events/trackBulk", 10, "{\"events\":[", "]}", Bench::eventRow));

    /** The bytes one record took in a model run's requests, envelope and commas left out. */
    double bytesPerRecord(SyncReport run) {
        int envelope = prefix.length() + suffix.length();
        return (run.getRequestBytes() - (double) run.getApiCalls() * envelope - (run.getSent() - run.getApiCalls()))
                / run.getSent();
    }

    /** Iterable's ceiling for this type, records a second, at the bytes a record took in {@code run}. */
    long ceiling(SyncReport run) {
        return Bench.ceiling(perSecond, Bench.FOUR_MB, prefix.length() + suffix.length(), bytesPerRecord(run));
    }
}
