package io.github.cameliterable;

import org.apache.camel.spi.Metadata;

/** Headers set on the exchange when a sync run ends; the body is the {@code SyncReport}. */
public final class IterableConstants {
    @Metadata(description = "Input: how many records the body holds, when the route knows it (for a stream, from a"
            + " count query), so that progress lines show the time left.", javaType = "long")
    public static final String EXPECTED_RECORDS = "CamelIterableExpectedRecords";
    @Metadata(description = "Input: true confirms, for this exchange only, a snapshot's removals that a safeguard"
            + " refused (an empty model, or more than maxRemovalPercent of the keys).", javaType = "boolean")
    public static final String CONFIRM_REMOVALS = "CamelIterableConfirmRemovals";
    @Metadata(description = "Input: true sends every record of this exchange as new, ignoring the state, and removes"
            + " nothing (a full resync).", javaType = "boolean")
    public static final String RESYNC = "CamelIterableResync";
    @Metadata(description = "Input: true forgets the state of the endpoint's syncId and sends nothing; the next run"
            + " finds every record new.", javaType = "boolean")
    public static final String RESET = "CamelIterableReset";
    @Metadata(description = "The syncId of the run.", javaType = "String")
    public static final String SYNC_ID = "CamelIterableSyncId";
    @Metadata(description = "Records read from the body.", javaType = "long")
    public static final String RECEIVED = "CamelIterableReceived";
    @Metadata(description = "Records never acknowledged before (change detection).", javaType = "long")
    public static final String NEW = "CamelIterableNew";
    @Metadata(description = "Records whose content changed since Iterable acknowledged them.", javaType = "long")
    public static final String CHANGED = "CamelIterableChanged";
    @Metadata(description = "Records unchanged since the last acknowledged run: not sent.", javaType = "long")
    public static final String UNCHANGED = "CamelIterableUnchanged";
    @Metadata(description = "Keys that left the model (snapshot runs).", javaType = "long")
    public static final String REMOVED = "CamelIterableRemoved";
    @Metadata(description = "Records handed to Iterable in a request.", javaType = "long")
    public static final String SENT = "CamelIterableSent";
    @Metadata(description = "Records Iterable acknowledged.", javaType = "long")
    public static final String SUCCEEDED = "CamelIterableSucceeded";
    @Metadata(description = "Records that failed, each listed with its reason in the report.", javaType = "long")
    public static final String FAILED = "CamelIterableFailed";
    @Metadata(description = "Records with nothing to do, such as unknown users in update mode.", javaType = "long")
    public static final String SKIPPED = "CamelIterableSkipped";

    private IterableConstants() {
    }
}
