package io.github.cameliterable.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.mapping.MappedRecord;
import io.github.cameliterable.state.RecordClass;

/** A mapped record and what change detection said of it. */
public record Classified(MappedRecord record, RecordClass recordClass) {

    /**
     * The new and changed records of each run, in order, each record's class (as its run's controls have it) counted
     * in its run's report. The counts of a run's stretch of records are added at once: an atomic increment a record,
     * and a list and a map look-up a record, were 2% of a dry run's CPU (docs/performance.md, scenario 3).
     */
    static Map<SyncRun, List<Classified>> counted(List<MappedRecord> records, List<SyncRun> owners,
            List<RecordClass> classes) {
        Map<SyncRun, List<Classified>> toSync = new LinkedHashMap<>();
        SyncRun owner = null;
        List<Classified> toSend = null;
        long[] counts = new long[RecordClass.values().length];
        for (int i = 0; i < records.size(); i++) {
            if (owners.get(i) != owner) {
                SyncReport.count(owner, counts);
                owner = owners.get(i);
                toSend = null;
            }
            // a resync sends what the state knew as new again (issue 12's run controls)
            RecordClass recordClass = owner.controls().apply(classes.get(i));
            if (recordClass == RecordClass.DUPLICATE) {
                owner.report().duplicate(records.get(i).primaryKey());
            } else {
                counts[recordClass.ordinal()]++;
            }
            if (recordClass == RecordClass.NEW || recordClass == RecordClass.CHANGED) {
                if (toSend == null) {
                    int rest = records.size() - i; // at most the rest of the chunk: not grown ten times over
                    toSend = toSync.computeIfAbsent(owner, run -> new ArrayList<>(rest));
                }
                toSend.add(new Classified(records.get(i), recordClass));
            }
        }
        SyncReport.count(owner, counts);
        return toSync;
    }
}
