package io.github.cameliterable;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.github.cameliterable.client.ApiCall;
import io.github.cameliterable.client.CallListener;
import io.github.cameliterable.client.ClientSettings;
import io.github.cameliterable.client.IterableClient;
import io.github.cameliterable.client.RetrySettings;
import io.github.cameliterable.mapping.FieldMapping;
import io.github.cameliterable.observability.SyncMetrics;
import io.github.cameliterable.state.StateStore;
import io.github.cameliterable.sync.RunControls;
import io.github.cameliterable.sync.SyncReport;
import io.github.cameliterable.sync.SyncRun;
import io.github.cameliterable.sync.SyncType;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.Producer;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syncs the message body (one record or many) into Iterable as one of the seven sync types of a reverse-ETL
 * Iterable destination: users, events, cart, catalog, lists, email and userActions.
 */
@ManagedResource(description = "Iterable sync: record outcomes and API calls summed over runs, and the last run")
@UriEndpoint(firstVersion = "0.1.0", scheme = "iterable", title = "Iterable", syntax = "iterable:syncType",
             producerOnly = true, category = { Category.SAAS }, headersClass = IterableConstants.class)
public class IterableEndpoint extends DefaultEndpoint implements EndpointServiceLocation {
    private static final Logger LOG = LoggerFactory.getLogger(IterableEndpoint.class);

    @UriPath(enums = "users,events,cart,catalog,lists,email,userActions")
    @Metadata(required = true, description = "The sync type: users, events, cart, catalog, lists, email or userActions.")
    private String syncType;

    @UriParam
    private IterableConfiguration configuration;

    private ObjectMapper json;
    private String ownedSyncId;
    private SyncType type;
    private FieldMapping mapping;
    private IterableClient client;
    private ExecutorService runner;
    private volatile SyncRun current;
    private volatile SyncReport lastReport;
    private volatile boolean stopping;
    private SyncMetrics metrics;

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
        if (!configuration.isDryRun()) {
            // a dry run stores nothing: it may look at the state of the endpoint that owns its syncId
            getComponent().claimSyncId(syncId(), this);
            ownedSyncId = syncId();
        }
        json = objectMapper();
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
                retry, sslContext(), configuration.isCallLog());
        if (configuration.getRateLimit() > 0) {
            getComponent().getRateLimits().override(type.mainEndpoint(), configuration.getRateLimit());
        }
        client = new IterableClient(settings, getComponent().rateBudget(configuration), new CallListener() {
            @Override
            public void attempted(ApiCall call, int attempt, int status, long durationNanos, Throwable failure) {
                SyncRun run = current;
                if (run != null) {
                    run.countAttempt(attempt, status);
                }
                metrics.attempted(call, attempt, status, durationNanos);
            }
        });
        metrics = SyncMetrics.create(getCamelContext(), syncType, syncId());
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
        if (ownedSyncId != null) {
            getComponent().releaseSyncId(ownedSyncId, this);
            ownedSyncId = null;
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
                LOG.warn("The run of Iterable sync '{}' did not end within {} ms of the stop", getSyncId(), bound);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        getCamelContext().getExecutorServiceManager().shutdownNow(executor);
        runner = null;
    }

    /**
     * The mapper for bodies and requests, with the CamelContext's Jackson settings as camel-jackson finds them (the
     * one ObjectMapper bean of the registry, copied), else a new one; either way with the JSR-310 and JDK 8 modules,
     * so that POJOs with java.time and Optional values convert.
     */
    private ObjectMapper objectMapper() {
        ObjectMapper contextMapper = CamelContextHelper.findSingleByType(getCamelContext(), ObjectMapper.class);
        ObjectMapper mapper;
        if (contextMapper != null) {
            mapper = contextMapper.copy();
        } else {
            // dates as text, which Iterable types as dates, rather than Jackson's default arrays and numbers
            mapper = new ObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        }
        mapper.registerModule(new JavaTimeModule()).registerModule(new Jdk8Module());
        return mapper.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).disable(SerializationFeature.INDENT_OUTPUT);
    }

    /** Runs the sync of one body on the endpoint's runner; completes with the report. */
    public CompletableFuture<SyncReport> sync(Object body, String routeId, long expectedRecords, RunControls controls) {
        ExecutorService executor = runner;
        try {
            if (executor == null) {
                throw new RejectedExecutionException("The iterable endpoint is stopped: the body was not read");
            }
            return CompletableFuture.supplyAsync(() -> {
                if (!usesState()) {
                    return runNow(body, routeId, expectedRecords, controls);
                }
                // runs of one syncId never interleave, in this process (the runner) nor across processes (the lease)
                try (StateStore.Lease lease = getComponent().stateStore(configuration)
                        .lease(syncId(), Duration.ofMillis(configuration.getLeaseWaitTime()))) {
                    return runNow(body, routeId, expectedRecords, controls);
                }
            }, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private boolean usesState() {
        return configuration.isChangeDetection()
               || configuration.getFirstSeenRepository() == null && type.usesFirstSeen();
    }

    private SyncReport runNow(Object body, String routeId, long expectedRecords, RunControls controls) {
        if (stopping) {
            throw new RejectedExecutionException("The iterable endpoint is stopping: the body was not read");
        }
        String syncId = syncId();
        if (controls.reset()) {
            long forgotten = configuration.isDryRun() ? 0 : getComponent().stateStore(configuration).reset(syncId);
            return SyncReport.ofReset(syncType, syncId, configuration.isDryRun(), forgotten);
        }
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
        SyncRun run = new SyncRun(SyncTypes.runSettings(configuration), client, type, mapping, json, stateRun, firstSeen,
                syncId, routeId).controls(controls);
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

    /** The endpoint URI with its secrets masked, for messages. */
    String maskedUri() {
        return URISupport.sanitizeUri(getEndpointUri());
    }

    /** The syncId, or the option (null when empty) before the endpoint started. */
    @ManagedAttribute(description = "The syncId that keys this sync's state")
    public String getSyncId() {
        return type == null ? configuration.getSyncId() : syncId();
    }

    @ManagedAttribute(description = "The last run's report, or empty before the first run ends")
    public String getLastRun() {
        SyncReport last = lastReport;
        return last == null ? "" : last.toString();
    }

    @ManagedAttribute(description = "Runs ended since the start or the last reset")
    public long getRuns() {
        return metrics == null ? 0 : metrics.runs();
    }

    @ManagedAttribute(description = "Records by class and outcome (new, changed, succeeded, failed...), summed over runs")
    public Map<String, Long> getRecords() {
        return metrics == null ? Map.of() : metrics.records();
    }

    @ManagedAttribute(description = "Requests to Iterable by endpoint and HTTP status, retries included")
    public Map<String, Long> getApiCalls() {
        return metrics == null ? Map.of() : metrics.apiCalls();
    }

    @ManagedAttribute(description = "Retried requests")
    public long getRetries() {
        return metrics == null ? 0 : metrics.retries();
    }

    @ManagedAttribute(description = "429 answers from Iterable")
    public long getRateLimited() {
        return metrics == null ? 0 : metrics.rateLimited();
    }

    @ManagedAttribute(description = "Request body bytes sent, retries included")
    public long getRequestBytes() {
        return metrics == null ? 0 : metrics.requestBytes();
    }

    @ManagedAttribute(description = "The largest request body sent, in bytes")
    public long getMaxRequestBytes() {
        return metrics == null ? 0 : metrics.maxRequestBytes();
    }

    @ManagedAttribute(description = "Mean time Iterable took to answer, in milliseconds")
    public double getMeanLatencyMillis() {
        return metrics == null ? 0 : metrics.meanLatencyMillis();
    }

    @ManagedOperation(description = "Sets the summed counts back to zero (Micrometer's meters are left alone)")
    public void resetStatistics() {
        if (metrics != null) {
            metrics.reset();
        }
    }

    /** The syncId option, or one derived from the sync type and its target. */
    public String syncId() {
        return configuration.getSyncId() != null && !configuration.getSyncId().isBlank()
                ? configuration.getSyncId() : type.defaultSyncId();
    }

    private SSLContext sslContext() throws Exception {
        return configuration.getSslContextParameters() == null
                ? null : configuration.getSslContextParameters().createSSLContext(getCamelContext());
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

    @ManagedAttribute(description = "The sync type: users, events, cart, catalog, lists, email or userActions")
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
