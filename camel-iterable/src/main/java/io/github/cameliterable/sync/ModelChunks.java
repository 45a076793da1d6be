package io.github.cameliterable.sync;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.github.cameliterable.mapping.MappedRecord;
import io.github.cameliterable.mapping.RecordReader;

/**
 * A model's records, read and mapped chunk by chunk for the run loop, in the model's order (a record's index, the
 * state's first occurrence).
 * <p>
 * The loop reads and maps them itself while its run sends most of what it reads (a first run, change detection off):
 * such a run is bound by Iterable's rate, a small part of what one thread maps, and a second thread would only add
 * the cost of every record crossing from one core's caches to the other's (a seventh to a third more CPU a record,
 * docs/performance.md, scenario 3). Once a chunk sends less than half of its records (a rerun: most of them
 * unchanged), the run is bound by the client's own work, and the records are read and mapped on a thread of their
 * own from then on, a chunk ahead of the loop, which classifies meanwhile ({@link #handedOver}).
 * <p>
 * Heap stays bounded: a chunk is at most {@link RunLoop#CHUNK} records and {@link ReadAhead#MAX_BYTES} (half of it
 * once mapped ahead, since then one waits while the mapper fills the next and the loop works on a third).
 */
final class ModelChunks implements AutoCloseable {
    private static final Object END = new Object();

    private final BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(1);
    private final String name;
    private final SyncRun run;
    private final RecordReader reader;
    private final BooleanSupplier keepReading;
    private final Consumer<List<MappedRecord>> mapped;
    /** The records the loop reads itself, until a mapper takes over. */
    private final ReadAhead here = new ReadAhead(RunLoop.CHUNK, ReadAhead.MAX_BYTES);
    /** The thread that reads and maps ahead, once the run is found bound by the client's work; null before. */
    private Thread mapper;
    /** The loop found no chunk waiting: the mapper is the slower half, so the loop hashes the next chunk itself. */
    private volatile boolean starved;
    private volatile boolean stop;
    private boolean ended;

    /**
     * Reads and maps {@code reader}'s records for {@code run} while {@code keepReading} holds (the run not stopped, the
     * endpoint not closing); once mapped ahead, {@code mapped} is told each chunk, on the mapper's thread, before the
     * loop may take it.
     */
    ModelChunks(String name, SyncRun run, RecordReader reader, BooleanSupplier keepReading,
            Consumer<List<MappedRecord>> mapped) {
        this.name = name;
        this.run = run;
        this.reader = reader;
        this.keepReading = keepReading;
        this.mapped = mapped;
    }

    /**
     * The chunk {@link #next} gave last is handed over, {@code sent} of its {@code records} to be sent (new or
     * changed, as the run's controls have them): when fewer than half and the model goes on, the following records are
     * read and mapped on a second thread, from now.
     */
    void handedOver(int records, int sent) {
        if (mapper == null && !ended && 2 * sent < records && reader.hasNext()) { // one chunk (a small rerun): no thread
            mapper = new Thread(this::map, name);
            mapper.setDaemon(true);
            mapper.start();
        }
    }

    private void map() {
        Object last = END;
        try {
            ReadAhead readAhead = new ReadAhead(RunLoop.CHUNK, ReadAhead.MAX_BYTES / 2);
            boolean hash = true;
            while (!stop && keepReading.getAsBoolean() && reader.hasNext()) {
                MappedRecord record = run.map(reader, hash);
                if (record != null && hash) {
                    record.dataFields().write(); // the JSON too, on the same terms as the hash: sent records need it
                }
                if (record != null && readAhead.add(record)) {
                    List<MappedRecord> chunk = readAhead.drain();
                    mapped.accept(chunk);
                    put(chunk);
                    // the hash goes to whichever half has time: a rerun with nothing to send leaves the loop idle
                    // (the look-ups are all it does), one that sends part of its records keeps it busier (packing,
                    // acknowledging); the same for the data fields' JSON, which unchanged records never need
                    hash = !starved;
                    starved = false;
                }
            }
            List<MappedRecord> rest = readAhead.drain();
            if (!rest.isEmpty()) {
                mapped.accept(rest);
                put(rest);
            }
        } catch (RuntimeException | Error e) {
            last = e;
        }
        put(last);
    }

    /**
     * Hands a chunk to the loop, waiting while one waits already; nothing once the loop closed the mapper. The mapper
     * is never interrupted: an interrupt would close the reader's file or socket channels under it (H2, a driver).
     */
    private void put(Object chunk) {
        boolean interrupted = false;
        while (!stop) {
            try {
                chunks.put(chunk);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The next chunk of mapped records in the model's order, an empty list once the mapper is done; a failure of the
     * reader (a broken body) is thrown here, on the loop's thread, as it was when the loop read the body itself.
     */
    @SuppressWarnings("unchecked")
    List<MappedRecord> next() {
        if (ended) {
            return List.of();
        }
        if (mapper == null) {
            return mapHere();
        }
        Object chunk = chunks.poll();
        try {
            if (chunk == null) {
                starved = true;
                chunk = chunks.take();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = true;
            close();
            return List.of();
        }
        if (chunk instanceof List<?>) {
            List<MappedRecord> records = (List<MappedRecord>) chunk;
            records.replaceAll(run.mapping()::hashed); // those the mapper left unhashed
            return records;
        }
        // the end, or the reader's failure: the mapper is done
        ended = true;
        join();
        if (chunk instanceof RuntimeException e) {
            throw e;
        }
        if (chunk instanceof Error e) {
            throw e;
        }
        return List.of();
    }

    /** The next chunk, read and mapped on the loop's thread; an empty list at the end, or once it must stop. */
    private List<MappedRecord> mapHere() {
        while (keepReading.getAsBoolean() && reader.hasNext()) {
            MappedRecord record = run.map(reader, true);
            if (record != null && here.add(record)) {
                return here.drain();
            }
        }
        List<MappedRecord> rest = here.drain();
        ended = rest.isEmpty();
        return rest;
    }

    /**
     * Stops the mapper (if it still runs) once its record is mapped, and waits for it, so that the reader is the
     * loop's again; what it mapped and the loop did not take is dropped with the run that stopped.
     */
    @Override
    public void close() {
        stop = true;
        join();
    }

    private void join() {
        if (mapper == null) {
            return;
        }
        boolean interrupted = false;
        while (mapper.isAlive()) {
            chunks.clear(); // a mapper waiting to hand over a chunk goes on, and sees the stop
            try {
                mapper.join(10);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
