package io.github.cameliterable.sync;

import io.github.cameliterable.state.StateStore;

/**
 * The guard in front of a snapshot's removals. A model that came back empty, or that lost more than
 * {@code maxRemovalPercent} of the keys the state holds, is more often a failed upstream job (a truncated table, a
 * broken join) than a real change: such a run removes nothing until one exchange confirms it. The state keeps the
 * keys, so the next good run proceeds as if nothing happened.
 */
public final class RemovalSafeguard {
    private final int maxRemovalPercent;
    private final boolean allowEmptySnapshot;

    public RemovalSafeguard(int maxRemovalPercent, boolean allowEmptySnapshot) {
        if (maxRemovalPercent < 0 || maxRemovalPercent > 100) {
            throw new IllegalArgumentException("maxRemovalPercent must be between 0 and 100: " + maxRemovalPercent);
        }
        this.maxRemovalPercent = maxRemovalPercent;
        this.allowEmptySnapshot = allowEmptySnapshot;
    }

    /**
     * Why this run must not remove {@code removing} of the {@code held} keys after reading {@code received} records,
     * or null when it may.
     */
    public String refusal(String syncId, long received, long held, long removing, boolean confirmed) {
        if (confirmed || removing == 0) {
            return null;
        }
        if (received == 0) {
            if (allowEmptySnapshot) {
                return null;
            }
            return "Iterable sync '" + syncId + "': the snapshot received 0 records while the state holds " + held
                    + " keys; removing them all was refused. If the model is really empty now, send it once with the"
                    + " header CamelIterableConfirmRemovals=true (or set allowEmptySnapshot=true); otherwise fix the"
                    + " query or the upstream job. Nothing was removed and the state keeps every key.";
        }
        if (removing * 100 > (long) maxRemovalPercent * held) {
            return "Iterable sync '" + syncId + "': the snapshot would remove " + removing + " of the " + held
                    + " keys the state holds (" + percent(removing, held) + "%, more than maxRemovalPercent="
                    + maxRemovalPercent + ") after receiving " + received + " records; the removal was refused. If"
                    + " the model really shrank, send it once with the header CamelIterableConfirmRemovals=true (or"
                    + " raise maxRemovalPercent). Nothing was removed and the state keeps every key.";
        }
        return null;
    }

    private static String percent(long part, long whole) {
        return String.valueOf(Math.round(part * 1000.0 / whole) / 10.0);
    }

    /** The refusal of a snapshot whose body is one record: each such run would remove every other key. */
    public static String singleRecordRefusal(String syncId) {
        return "Iterable sync '" + syncId + "': snapshot=true needs the whole model in one exchange, but the body is a"
                + " single record; as a snapshot it would remove every other key. Deliver the model as one body"
                + " (camel-sql: outputType=StreamList or useIterator=false; a splitter or a per-row source: aggregate"
                + " the rows first), or drop snapshot=true to sync record by record. Nothing was sent or removed.";
    }

    /**
     * Asks the safeguard before {@code removing} keys of a model's run are removed: a refusal fails the exchange (a dry
     * run only notes it).
     */
    static boolean allows(RunSettings settings, SyncRun run, StateStore.Run staged, long removing) {
        String refusal = removing == 0 ? null
                : new RemovalSafeguard(settings.maxRemovalPercent(), settings.allowEmptySnapshot()).refusal(
                        settings.syncId(), run.report().getReceived(), staged.countHeld(), removing,
                        run.controls().confirmRemovals());
        if (refusal == null) {
            return true;
        }
        if (settings.dryRun()) {
            run.report().note("a real run would be refused: " + refusal);
        } else {
            run.report().refuse(refusal);
        }
        return false;
    }
}
