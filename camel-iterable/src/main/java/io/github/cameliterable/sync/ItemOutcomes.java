package io.github.cameliterable.sync;

/**
 * What Iterable's answers for a run's items do: a record's item is acknowledged to the state (its fingerprint) or
 * reported failed with its reason, a removal's key leaves the state. One outcome of each kind a run, shared by its
 * items: two callbacks made for each record were a dry run's cost (docs/performance.md, scenario 3).
 */
final class ItemOutcomes {
    private final SyncRun run;
    private final SyncPipeline pipeline;
    /** A record's item without hooks: most of them. */
    private final Item.Outcome records = new Recorded(null, null);
    /** A removal's item: on success the key leaves the state. */
    final Item.Outcome removals = new Item.Outcome() {
        @Override
        public void succeeded(Item item) {
            if (!run.isDryRun()) {
                run.report().succeeded.incrementAndGet();
                pipeline.acknowledgements().removal(item.primaryKey());
            }
            run.itemDone();
        }

        @Override
        public void failed(Item item, String field, String reason) {
            run.report().fail(0, item.primaryKey(), field, "removal failed: " + reason);
            run.itemDone();
        }
    };

    ItemOutcomes(SyncRun run, SyncPipeline pipeline) {
        this.run = run;
        this.pipeline = pipeline;
    }

    /** A record's item with hooks run after its outcome (a first-seen key confirmed or released); both null: none. */
    Item.Outcome records(Runnable afterSuccess, Runnable afterFailure) {
        return afterSuccess == null && afterFailure == null ? records : new Recorded(afterSuccess, afterFailure);
    }

    /**
     * A record's item: on success its fingerprint is acknowledged to the state, on failure its run reports it with the
     * reason; then the hook of that outcome, if any.
     */
    private final class Recorded implements Item.Outcome {
        private final Runnable afterSuccess;
        private final Runnable afterFailure;

        Recorded(Runnable afterSuccess, Runnable afterFailure) {
            this.afterSuccess = afterSuccess;
            this.afterFailure = afterFailure;
        }

        @Override
        public void succeeded(Item item) {
            if (!run.isDryRun()) {
                run.report().succeeded.incrementAndGet();
                if (item.fingerprint() != null) {
                    pipeline.acknowledgements().record(item.fingerprint());
                }
            }
            done(afterSuccess);
        }

        @Override
        public void failed(Item item, String field, String reason) {
            run.report().fail(item.index(), item.primaryKey(), field, reason);
            done(afterFailure);
        }

        private void done(Runnable after) {
            if (after != null) {
                after.run();
            }
            run.itemDone();
        }
    }
}
