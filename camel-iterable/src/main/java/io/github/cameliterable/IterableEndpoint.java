package io.github.cameliterable;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.github.cameliterable.client.ApiCall;
import io.github.cameliterable.client.CallListener;
import io.github.cameliterable.client.ClientSettings;
import io.github.cameliterable.client.IterableClient;
import io.github.cameliterable.client.RetrySettings;
import io.github.cameliterable.mapping.FieldMapping;
import io.github.cameliterable.state.StateStore;
import io.github.cameliterable.sync.SyncReport;
import io.github.cameliterable.sync.SyncRun;
import io.github.cameliterable.sync.SyncType;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syncs the message body (one record or many) into Iterable as one of the seven sync types of a reverse-ETL
 * Iterable destination: users, events, cart, catalog, lists, email and userActions.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "iterable", title = "Iterable", syntax = "iterable:syncType",
             producerOnly = true, category = { Category.SAAS }, headersClass = IterableConstants.class)
public class IterableEndpoint extends DefaultEndpoint implements EndpointServiceLocation {
    private static final Logger LOG = LoggerFactory.getLogger(IterableEndpoint.class);

    @UriPath(enums = "users,events,cart,catalog,lists,email,userActions")
    @Metadata(required = true, description = "The sync type: users, events, cart, catalog, lists, email or userActions.")
    private String syncType;

    @UriParam
    private IterableConfiguration configuration;

    private final ObjectMapper json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private SyncType type;
    private FieldMapping mapping;
    private IterableClient client;
    private ExecutorService runner;
    private volatile SyncRun current;
    private volatile SyncReport lastReport;
    private volatile boolean stopping;
    private IterableMetrics metrics;

    public IterableEndpoint(String uri, IterableComponent component, String syncType, IterableConfiguration configuration) {
        super(uri, component);
        this.syncType = syncType;
        this.configuration = configuration;
    }

    @Override
    public IterableComponent getComponent() {
        return (IterableComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new IterableProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("The iterable component only sends to Iterable (producer only)");
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        type = SyncTypes.create(syncType, configuration, getComponent().getDailyCaps());
        mapping = new FieldMapping(new FieldMapping.Settings(
                configuration.getProjectType(), configuration.getMatchBy(), configuration.getEmailColumn(),
                configuration.getUserIdColumn(),
                configuration.getPrimaryKey() != null ? configuration.getPrimaryKey() : type.defaultPrimaryKeyColumn(),
                configuration.getFields(),
                type.syncColumns(), type.identityRequired()), json, configuration.isChangeDetection());
        RetrySettings retry = new RetrySettings(configuration.getMaxAttempts(),
                Duration.ofMillis(configuration.getInitialBackoff()), Duration.ofMillis(configuration.getMaxBackoff()),
                Duration.ofMillis(configuration.getMaxRetryTime()));
        ClientSettings settings = new ClientSettings(baseUri(), configuration.getApiKey(),
                Duration.ofMillis(configuration.getConnectTimeout()), Duration.ofMillis(configuration.getRequestTimeout()),
                retry, null, configuration.isCallLog());
        if (configuration.getRateLimit() > 0) {
            getComponent().getRateLimits().override(type.mainEndpoint(), configuration.getRateLimit());
        }
        client = new IterableClient(settings, getComponent().getRateLimits(), new CallListener() {
            @Override
            public void attempted(ApiCall call, int attempt, int status, long durationNanos, Throwable failure) {
                SyncRun run = current;
                if (run != null) {
                    run.countAttempt(attempt, status);
                }
                metrics.attempted(call, attempt, status, durationNanos);
            }
        });
        metrics = IterableMetrics.create(getCamelContext(), syncType, syncId());
        type.start(client);
        // runs of one endpoint share one state: they go one after another
        runner = getCamelContext().getExecutorServiceManager().newSingleThreadExecutor(this, "IterableSync-" + syncType);
        stopping = false;
    }

    @Override
    protected void doStop() throws Exception {
        finishRuns();
        if (client != null) {
            client.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        super.doStop();
    }

    /**
     * A graceful stop, also called by the component before it closes the state stores: the running sync stops
     * reading, finishes the calls in flight and commits what Iterable acknowledged; runs still waiting are refused.
     */
    void finishRuns() {
        stopping = true;
        SyncRun run = current;
        if (run != null) {
            run.stopReading();
        }
        ExecutorService executor = runner;
        if (executor == null) {
            return;
        }
        executor.shutdown();
        // a call in flight ends within its retries
        long bound = configuration.getRequestTimeout() + configuration.getMaxRetryTime();
        try {
            if (!executor.awaitTermination(bound, TimeUnit.MILLISECONDS)) {
                LOG.warn("The run of Iterable sync '{}' did not end within {} ms of the stop", syncIdOrNull(), bound);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        getCamelContext().getExecutorServiceManager().shutdownNow(executor);
        runner = null;
    }

    /** Runs the sync of one body on the endpoint's runner; completes with the report. */
    public CompletableFuture<SyncReport> sync(Object body, String routeId, long expectedRecords) {
        ExecutorService executor = runner;
        try {
            if (executor == null) {
                throw new RejectedExecutionException("The iterable endpoint is stopped: the body was not read");
            }
            return CompletableFuture.supplyAsync(() -> runNow(body, routeId, expectedRecords), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private SyncReport runNow(Object body, String routeId, long expectedRecords) {
        if (stopping) {
            throw new RejectedExecutionException("The iterable endpoint is stopping: the body was not read");
        }
        String syncId = syncId();
        StateStore.Run stateRun = null;
        IdempotentRepository firstSeen = null;
        if (configuration.isChangeDetection()) {
            // a dry run classifies against the state too; it acknowledges nothing, so it stores nothing
            stateRun = getComponent().stateStore(configuration).beginRun(syncId, configuration.isSnapshot());
        }
        // first-seen actions never repeat, with or without change detection
        if (configuration.getFirstSeenRepository() != null) {
            firstSeen = configuration.getFirstSeenRepository();
        } else if (configuration.isChangeDetection() || type.usesFirstSeen()) {
            firstSeen = getComponent().stateStore(configuration).firstSeenRepository(syncId);
        }
        if (firstSeen != null) {
            ServiceHelper.startService(firstSeen);
        }
        SyncRun run = new SyncRun(configuration, client, type, mapping, json, stateRun, firstSeen, syncId, routeId);
        current = run;
        if (stopping) {
            run.stopReading();
        }
        try {
            SyncReport report = run.execute(body, expectedRecords);
            lastReport = report;
            metrics.runEnded(report);
            return report;
        } finally {
            current = null;
        }
    }

    /** The report of the last run that ended, or null. */
    public SyncReport getLastReport() {
        return lastReport;
    }

    /** The syncId, or null before the endpoint started. */
    String syncIdOrNull() {
        return type == null ? configuration.getSyncId() : syncId();
    }

    /** The syncId option, or one derived from the sync type and its target. */
    public String syncId() {
        return configuration.getSyncId() != null && !configuration.getSyncId().isBlank()
                ? configuration.getSyncId() : type.defaultSyncId();
    }

    private URI baseUri() {
        if (configuration.getBaseUri() != null && !configuration.getBaseUri().isBlank()) {
            return URI.create(configuration.getBaseUri());
        }
        return configuration.getRegion().baseUri();
    }

    @Override
    public String getServiceUrl() {
        return (configuration.getBaseUri() != null ? configuration.getBaseUri() : configuration.getRegion().baseUri().toString());
    }

    @Override
    public String getServiceProtocol() {
        return "https";
    }

    public String getSyncType() {
        return syncType;
    }

    /** The sync type: users, events, cart, catalog, lists, email or userActions. */
    public void setSyncType(String syncType) {
        this.syncType = syncType;
    }

    public IterableConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(IterableConfiguration configuration) {
        this.configuration = configuration;
    }
}
