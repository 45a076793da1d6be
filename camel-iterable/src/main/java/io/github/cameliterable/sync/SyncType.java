package io.github.cameliterable.sync;

import java.util.List;
import java.util.Set;

import io.github.cameliterable.client.ApiEndpoint;
import io.github.cameliterable.client.IterableClient;
import io.github.cameliterable.state.Fingerprint;

/**
 * One of the seven sync types: what each class of record means in Iterable's API. Implementations are one file
 * each ({@code UsersSync}, {@code EventsSync}...), and hand their calls to the {@link SyncRun}.
 */
public interface SyncType {

    /** The endpoint path that selects this sync type. */
    String name();

    /** The Iterable endpoint this sync type mostly calls, whose rate limit the {@code rateLimit} option overrides. */
    ApiEndpoint mainEndpoint();

    /** Columns this sync type reads itself (event name, items, new email...): kept out of the data fields. */
    default Set<String> syncColumns() {
        return Set.of();
    }

    /** Whether some records' calls happen once per primary key ever (the first-seen repository). */
    default boolean usesFirstSeen() {
        return false;
    }

    /** Whether each record must identify a user (catalog items do not). */
    default boolean identityRequired() {
        return true;
    }

    /** The primary key column when the {@code primaryKey} option is empty; null: the identifier that matches users. */
    default String defaultPrimaryKeyColumn() {
        return null;
    }

    /**
     * Whether, when the {@code primaryKey} option is empty, a record without a value in {@link #defaultPrimaryKeyColumn}
     * is keyed by its content instead of by the user it identifies: a user has many records of this type (events),
     * each one its own.
     */
    default boolean keyedByContent() {
        return false;
    }

    /** The default {@code syncId}: the sync type and its target, stable across restarts. */
    default String defaultSyncId() {
        return name();
    }

    /** Once, when the endpoint starts: check options and read what the sync needs from Iterable. */
    default void start(IterableClient client) {
    }

    /** Before the first record of a run. */
    default void beginRun(SyncRun run) {
    }

    /** A chunk of classified records (UNCHANGED and DUPLICATE ones are already counted and left out). */
    void accept(List<Classified> chunk, SyncRun run);

    /**
     * Whether {@link #removed} changes Iterable (deletes, clears, unsubscribes): only such removals stand behind the
     * removal safeguards. By default removed keys are only forgotten.
     */
    default boolean removalsChangeIterable() {
        return false;
    }

    /** Keys that left the model (snapshot runs). By default nothing happens in Iterable and the keys are forgotten. */
    default void removed(List<Fingerprint> removed, SyncRun run) {
        run.forgetRemoved(removed);
    }

    /** After the last record and removal were handed over: flush what is buffered. */
    default void endRun(SyncRun run) {
    }
}
