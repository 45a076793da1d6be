package io.github.cameliterable.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.github.cameliterable.mapping.IterableRules;
import io.github.cameliterable.state.Fingerprint;
import io.github.cameliterable.state.RecordClass;
import io.github.cameliterable.state.StateStore;

/**
 * Keys an older state holds with an email's upper-case letters ({@code User@Example.com}), from before records keyed
 * by email were keyed without case. When the state holds the same email lower-cased too, the record is still in the
 * model: the old key is forgotten before the removals are counted, so that neither the safeguard nor
 * {@code deleteBehavior} takes the live user for a removed one.
 */
final class EmailCaseAliases {
    private EmailCaseAliases() {
    }

    /**
     * Forgets, before a snapshot's removals, the keys that only differ in case from a key the state holds.
     *
     * @return how many keys the run removes now (counted once here, for the safeguard), or -1 when not counted
     */
    static long forget(SyncPipeline pipeline, SyncRun run, StateStore.Run staged) {
        if (!pipeline.mapping().keyedByEmail() || pipeline.store() == null || run.isDryRun()) {
            return -1;
        }
        long removing = staged.countRemoved();
        if (removing == 0) {
            return 0;
        }
        AtomicLong forgotten = new AtomicLong();
        staged.removed(RunLoop.CHUNK, removed -> {
            Map<String, List<String>> byKey = new LinkedHashMap<>();
            for (Fingerprint fingerprint : removed) {
                String key = fingerprint.primaryKey();
                String lowerCased = IterableRules.emailKey(key);
                if (!lowerCased.equals(key)) {
                    byKey.computeIfAbsent(lowerCased, k -> new ArrayList<>()).add(key);
                }
            }
            if (byKey.isEmpty()) {
                return;
            }
            List<Fingerprint> probes = new ArrayList<>(byKey.size());
            byKey.keySet().forEach(key -> probes.add(new Fingerprint(key, "", null)));
            List<RecordClass> held = pipeline.store().classify(pipeline.settings().syncId(), probes);
            List<String> aliases = new ArrayList<>();
            for (int i = 0; i < probes.size(); i++) {
                if (held.get(i) != RecordClass.NEW) {
                    aliases.addAll(byKey.get(probes.get(i).primaryKey()));
                }
            }
            if (!aliases.isEmpty()) {
                staged.acknowledgeRemoved(aliases);
                forgotten.addAndGet(aliases.size());
            }
        });
        if (forgotten.get() > 0) {
            run.report()
                    .note(forgotten.get() + " key(s) of an older state differed from the model's only in the"
                            + " email's case: forgotten, not removed");
        }
        return removing - forgotten.get();
    }
}
