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
    final Item.Outcome records = new Item.Outcome() {
        @Override
        public void succeeded(Item item) {
            recorded(item, null, null, null);
        }

        @Override
        public void failed(Item item, String field, String reason) {
            recorded(item, null, field, reason);
        }
    };
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
        if (afterSuccess == null && afterFailure == null) {
            return records;
        }
        return new Item.Outcome() {
            @Override
            public void succeeded(Item item) {
                recorded(item, afterSuccess, null, null);
            }

            @Override
            public void failed(Item item, String field, String reason) {
                recorded(item, afterFailure, field, reason);
            }
        };
    }

    /** A record's item has its outcome: acknowledged to the state, or reported failed with the reason; then a hook. */
    private void recorded(Item item, Runnable after, String field, String failure) {
        if (failure != null) {
            run.report().fail(item.index(), item.primaryKey(), field, failure);
        } else if (!run.isDryRun()) {
            run.report().succeeded.incrementAndGet();
            if (item.fingerprint() != null) {
                pipeline.acknowledgements().record(item.fingerprint());
            }
        }
        if (after != null) {
            after.run();
        }
        run.itemDone();
    }
}
