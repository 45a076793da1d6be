package io.github.cameliterable.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.mapping.MappedRecord;
import io.github.cameliterable.state.RecordClass;

/**
 * The version of each key a stream last handed on to be sent, until the run that sent it completes (its
 * acknowledgement written, or its failure reported). The state holds only what Iterable acknowledged, so a stream's
 * record classified against it alone could be dropped while an older version is on its way: {@code pro}, then
 * {@code free}, then {@code pro} again, would leave Iterable at {@code free} (the last {@code pro} is the acknowledged
 * hash, "unchanged", or a repeat of the chunk's first record, "duplicate"). A record of a key whose last version handed
 * on differs from it is sent ({@link KeysInFlight} then keeps the versions in order). A record equal to that last
 * version is classified as the state says, unless it is still on its way for another run: then it is a DUPLICATE, as a
 * message delivered twice at once is not sent twice. An entry is dropped when its run completes, after the run's
 * acknowledgements are written: a version is always in one place or the other while it matters.
 */
final class PendingVersions {
    private record Version(String hash, SyncRun run) {
    }

    private final Map<String, Version> byKey = new HashMap<>();
    private final Map<SyncRun, List<String>> keysOf = new IdentityHashMap<>();

    /**
     * The classes of a stream's records (in the order they came, {@code owners} their runs) corrected for the versions
     * handed on before them, and those to be sent now noted as the last handed on.
     */
    synchronized List<RecordClass> correct(List<MappedRecord> records, List<SyncRun> owners, List<RecordClass> classes) {
        List<RecordClass> corrected = new ArrayList<>(classes);
        for (int i = 0; i < records.size(); i++) {
            MappedRecord record = records.get(i);
            if (record.primaryKey() == null || record.hash() == null) {
                continue;
            }
            Version last = byKey.get(record.primaryKey());
            RecordClass recordClass = corrected.get(i);
            if (last != null && !last.hash().equals(record.hash())
                    && (recordClass == RecordClass.UNCHANGED || recordClass == RecordClass.DUPLICATE)) {
                recordClass = RecordClass.CHANGED;
                corrected.set(i, recordClass);
            } else if (last != null && last.hash().equals(record.hash()) && last.run() != owners.get(i)
                    && (recordClass == RecordClass.NEW || recordClass == RecordClass.CHANGED)) {
                // the same version is on its way for another message (a redelivery, the same message on two threads)
                recordClass = RecordClass.DUPLICATE;
                corrected.set(i, recordClass);
            }
            if (recordClass == RecordClass.NEW || recordClass == RecordClass.CHANGED) {
                SyncRun run = owners.get(i);
                byKey.put(record.primaryKey(), new Version(record.hash(), run));
                keysOf.computeIfAbsent(run, r -> new ArrayList<>()).add(record.primaryKey());
            }
        }
        return corrected;
    }

    /**
     * A model's records (of {@code run}) corrected for the versions other runs handed on: a record equal to one still
     * on its way for another run (a stream's message that the model repeats) is a DUPLICATE, not sent twice (a probe
     * tracked 273 to 815 of 5,000 such events twice). The model's own versions are not noted: its run sends each key
     * once, and a model of millions of rows would be held here whole.
     */
    synchronized List<RecordClass> correctModel(List<MappedRecord> records, SyncRun run, List<RecordClass> classes) {
        if (byKey.isEmpty()) {
            return classes;
        }
        List<RecordClass> corrected = null;
        for (int i = 0; i < records.size(); i++) {
            MappedRecord record = records.get(i);
            RecordClass recordClass = classes.get(i);
            if ((recordClass == RecordClass.NEW || recordClass == RecordClass.CHANGED) && record.primaryKey() != null
                    && record.hash() != null) {
                Version last = byKey.get(record.primaryKey());
                if (last != null && last.run() != run && last.hash().equals(record.hash())) {
                    corrected = corrected != null ? corrected : new ArrayList<>(classes);
                    corrected.set(i, RecordClass.DUPLICATE);
                }
            }
        }
        return corrected != null ? corrected : classes;
    }

    /** The run completed: the versions it handed on are no longer pending (unless a later run's replaced them). */
    synchronized void completed(SyncRun run) {
        List<String> keys = keysOf.remove(run);
        if (keys == null) {
            return;
        }
        for (String key : keys) {
            Version version = byKey.get(key);
            if (version != null && version.run() == run) {
                byKey.remove(key);
            }
        }
    }

    /** How many keys have a version pending. */
    synchronized int size() {
        return byKey.size();
    }
}
