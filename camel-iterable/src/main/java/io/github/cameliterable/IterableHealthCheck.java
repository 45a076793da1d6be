package io.github.cameliterable;

import java.time.Instant;
import java.util.Map;

import io.github.cameliterable.client.ApiCall;
import io.github.cameliterable.client.ApiResponse;
import io.github.cameliterable.text.SafeText;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The readiness of one iterable endpoint, read from the calls its syncs make: DOWN while the latest call that ended
 * was refused for its API key (401, 403) or got no answer from Iterable after all its attempts (connection refused,
 * timed out, TLS refused); UP before the first call and again once a later call is answered. It makes no call of its
 * own, so it spends none of the project's rate budget. A readiness check only (Camel's default for a check): restarting
 * the application mends neither a revoked key nor an outage.
 * <p>
 * Registered in Camel's "producers" repository, which Camel enables with {@code camel.health.producersEnabled=true};
 * the component's {@code healthCheckProducerEnabled=false} leaves it out.
 */
final class IterableHealthCheck extends AbstractHealthCheck {
    static final String SYNC_TYPE = "sync.type";
    static final String SYNC_ID = "sync.id";
    /** The operation of the latest call that ended, such as {@code POST /api/users/bulkUpdate}. */
    static final String CALL = "iterable.call";
    /** When it ended (ISO-8601). */
    static final String CALL_TIME = "iterable.call.time";
    static final String CALL_ATTEMPTS = "iterable.call.attempts";
    static final String FAILURE_REASON = "failure.reason";

    private final String endpointUri;
    private final String syncType;
    private final String syncId;
    private volatile LastCall last;
    private volatile WritableHealthCheckRepository repository;

    /** What the check says of the latest call: the operation, when, the status (0: no answer), and why it failed. */
    private record LastCall(String operation, Instant at, int attempts, int status, String code, String failure) {
    }

    IterableHealthCheck(String id, String endpointUri, String syncType, String syncId) {
        super("camel", id);
        this.endpointUri = endpointUri;
        this.syncType = syncType;
        this.syncId = syncId;
    }

    /**
     * The check of an endpoint: "producer:iterable-" and its syncId (a dry run, which shares the syncId of the endpoint
     * it previews, adds its endpoint's id).
     */
    static IterableHealthCheck of(IterableEndpoint endpoint) {
        String id = "producer:iterable-" + endpoint.syncId()
                + (endpoint.getConfiguration().isDryRun() ? "-dryRun-" + endpoint.getId() : "");
        return new IterableHealthCheck(id, endpoint.maskedUri(), endpoint.getSyncType(), endpoint.syncId());
    }

    /**
     * Into Camel's "producers" repository, as Camel's own producers add theirs. The repository exists when health
     * checks are on (camel-health is a dependency of this component); Camel shows its checks once
     * camel.health.producersEnabled=true.
     */
    void register(CamelContext camel) {
        WritableHealthCheckRepository producers = HealthCheckHelper.getHealthCheckRepository(camel, "producers",
                WritableHealthCheckRepository.class);
        if (producers != null) {
            producers.addHealthCheck(this);
            repository = producers;
        }
    }

    /** Out of the repository when the endpoint stops; the endpoint's calls still ending are told to no one. */
    void unregister() {
        WritableHealthCheckRepository producers = repository;
        repository = null;
        if (producers != null) {
            producers.removeHealthCheck(this);
        }
    }

    /** A call of the endpoint ended (the client's {@code CallListener.ended}). */
    void ended(ApiCall call, int attempts, ApiResponse answer, Throwable failure) {
        String operation = call.endpoint().method() + " " + call.endpoint().pathTemplate();
        Instant now = Instant.now();
        if (answer == null) {
            last = new LastCall(operation, now, attempts, 0, null, "Iterable could not be reached: " + operation
                    + " got no answer after " + attempts + (attempts == 1 ? " attempt: " : " attempts: ")
                    + SafeText.reason(String.valueOf(failure)));
        } else if (answer.isAuthFailure()) {
            // Iterable's code and message are read only here: a success costs no parse of its body
            last = new LastCall(operation, now, attempts, answer.status(), answer.code(),
                    "Iterable refused the API key: " + answer.toException().getMessage());
        } else {
            last = new LastCall(operation, now, attempts, answer.status(), null, null);
        }
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail(ENDPOINT_URI, endpointUri);
        builder.detail(SYNC_TYPE, syncType);
        builder.detail(SYNC_ID, syncId);
        LastCall call = last;
        if (call == null) {
            // nothing failed: an endpoint whose first sync comes hours after the start is ready meanwhile
            builder.message("No call to Iterable yet");
            builder.up();
            return;
        }
        builder.detail(CALL, call.operation());
        builder.detail(CALL_TIME, call.at().toString());
        builder.detail(CALL_ATTEMPTS, call.attempts());
        if (call.status() != 0) {
            builder.detail(HTTP_RESPONSE_CODE, call.status());
        }
        if (call.code() != null) {
            builder.detail(SERVICE_ERROR_CODE, call.code());
        }
        if (call.failure() == null) {
            builder.up();
        } else {
            builder.message(call.failure());
            builder.detail(FAILURE_REASON, call.failure());
            builder.down();
        }
    }
}
