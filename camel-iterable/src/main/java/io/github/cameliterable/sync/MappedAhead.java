package io.github.cameliterable.sync;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.github.cameliterable.mapping.MappedRecord;
import io.github.cameliterable.mapping.RecordReader;

/**
 * A model's records read and mapped on a thread of their own, one chunk ahead of the run loop: reading, mapping and
 * hashing a record costs about what classifying, packing and acknowledging it costs, so on two cores the halves
 * overlap. One mapper per model keeps the model's order (a record's index, the state's first occurrence); the loop
 * takes the chunks in that order and hands every one of them over, as it did when it mapped them itself.
 * <p>
 * Heap stays bounded: a chunk is at most {@link RunLoop#CHUNK} records and half of {@link ReadAhead#MAX_BYTES}, and
 * at most one waits while the mapper fills the next and the loop works on a third.
 */
final class MappedAhead implements AutoCloseable {
    private static final Object END = new Object();

    private final BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(1);
    private final Thread mapper;
    private final SyncRun run;
    private final Consumer<List<MappedRecord>> mapped;
    /** The loop found no chunk waiting: the mapper is the slower half, so the loop hashes the next chunk itself. */
    private volatile boolean starved;
    private volatile boolean stop;
    private boolean ended;

    /**
     * Starts mapping {@code reader}'s records for {@code run} while {@code keepReading} holds (the run not stopped,
     * the endpoint not closing); {@code mapped} is told each chunk, on the mapper's thread, before the loop may take it.
     */
    MappedAhead(String name, SyncRun run, RecordReader reader, BooleanSupplier keepReading,
            Consumer<List<MappedRecord>> mapped) {
        this.run = run;
        this.mapped = mapped;
        mapper = new Thread(() -> map(run, reader, keepReading), name);
        mapper.setDaemon(true);
        mapper.start();
    }

    private void map(SyncRun run, RecordReader reader, BooleanSupplier keepReading) {
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
                    // (the look-ups are all it does), a first run keeps it busy (packing, acknowledging); the same
                    // for the data fields' JSON, which a rerun's unchanged records never need
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
