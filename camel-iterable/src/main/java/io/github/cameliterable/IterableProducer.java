package io.github.cameliterable;

import java.util.List;

import io.github.cameliterable.client.Failures;
import io.github.cameliterable.mapping.RecordReader;
import io.github.cameliterable.sync.RunControls;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultAsyncProducer;

/** Hands the body to the endpoint's sync and ends the exchange with the report. */
public class IterableProducer extends DefaultAsyncProducer {

    public IterableProducer(IterableEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public IterableEndpoint getEndpoint() {
        return (IterableEndpoint) super.getEndpoint();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Object original = exchange.getMessage().getBody();
        Object body = recordsOf(original);
        // a stream's message, or a batch of them (camel-kafka's batching=true): its source must deliver it again
        boolean stream = RecordReader.isOneRecord(body) || body != original;
        Long expected = exchange.getMessage().getHeader(IterableConstants.EXPECTED_RECORDS, Long.class);
        RunControls controls = new RunControls(flag(exchange, IterableConstants.CONFIRM_REMOVALS),
                flag(exchange, IterableConstants.RESYNC), flag(exchange, IterableConstants.RESET), body != original);
        getEndpoint().sync(body, exchange.getFromRouteId(), expected == null ? -1 : expected, controls)
                .whenComplete((report, failure) -> {
                    try {
                        if (failure != null) {
                            exchange.setException(Failures.cause(failure));
                        } else {
                            complete(exchange, report, stream);
                        }
                    } finally {
                        callback.done(false);
                    }
                });
        return false;
    }

    /** camel-kafka's {@code batching=true} (and aggregations) deliver a list of exchanges: their bodies are the model. */
    private static Object recordsOf(Object body) {
        if (body instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Exchange) {
            return list.stream().map(e -> e instanceof Exchange ex ? ex.getMessage().getBody() : e).iterator();
        }
        return body;
    }

    private static boolean flag(Exchange exchange, String header) {
        return Boolean.TRUE.equals(exchange.getMessage().getHeader(header, Boolean.class));
    }

    /**
     * The report as the body and its counts as headers; when the run fails the exchange (an IterableSyncException
     * carrying the report), the body stays the message the exchange brought, so that a dead letter channel or a
     * redelivery has the records, not the report.
     */
    private void complete(Exchange exchange, SyncReport report, boolean stream) {
        Message message = exchange.getMessage();
        message.setHeader(IterableConstants.SYNC_ID, report.getSyncId());
        message.setHeader(IterableConstants.RECEIVED, report.getReceived());
        message.setHeader(IterableConstants.NEW, report.getNew());
        message.setHeader(IterableConstants.CHANGED, report.getChanged());
        message.setHeader(IterableConstants.UNCHANGED, report.getUnchanged());
        message.setHeader(IterableConstants.REMOVED, report.getRemoved());
        message.setHeader(IterableConstants.SENT, report.getSent());
        message.setHeader(IterableConstants.SUCCEEDED, report.getSucceeded());
        message.setHeader(IterableConstants.FAILED, report.getFailed());
        message.setHeader(IterableConstants.SKIPPED, report.getSkipped());
        IterableSyncException failure = failure(report, stream);
        if (failure != null) {
            exchange.setException(failure);
        } else {
            message.setBody(report);
        }
    }

    private IterableSyncException failure(SyncReport report, boolean stream) {
        if (report.getRefusal() != null) {
            return new IterableSyncException(report.getRefusal(), report, null);
        } else if (report.getFatalError() != null) {
            return new IterableSyncException("Iterable sync '" + report.getSyncId() + "' stopped: "
                    + report.getFatalError(), report, null);
        } else if (stream && report.getUnanswered() > 0) {
            // a model's next run sends it again; a stream's message completed would be acknowledged by its source and
            // never read again: the exchange fails, so that the source delivers it again (or its error handler has it)
            return new IterableSyncException("Iterable sync '" + report.getSyncId() + "': Iterable did not"
                    + " answer for " + (report.getReceived() == 1 ? "the record" : report.getUnanswered() + " records")
                    + " after all retries: the exchange fails so that its source can deliver it again\n" + report, report,
                    null);
        } else if (stream && report.getDeferred() > 0) {
            // a model's deferred rows are offered again by its next run; nothing offers a stream's message again
            return new IterableSyncException("Iterable sync '" + report.getSyncId() + "': "
                    + (report.getReceived() == 1 ? "the record was" : report.getDeferred() + " records were")
                    + " deferred by the daily cap (dailyActionCap) and no later run offers a stream's message again:"
                    + " the exchange fails so that its source can deliver it again after the cap resets (the durable"
                    + " intake keeps deferred records queued instead)\n" + report, report, null);
        } else if (getEndpoint().getConfiguration().getMaxFailedRecords() >= 0
                && report.getFailed() > getEndpoint().getConfiguration().getMaxFailedRecords()) {
            return new IterableSyncException("Iterable sync '" + report.getSyncId() + "': " + report.getFailed()
                    + " records failed, more than maxFailedRecords="
                    + getEndpoint().getConfiguration().getMaxFailedRecords() + "\n" + report, report, null);
        }
        return null;
    }
}
