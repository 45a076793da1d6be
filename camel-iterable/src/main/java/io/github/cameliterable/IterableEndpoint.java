package io.github.cameliterable;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.github.cameliterable.client.ApiCall;
import io.github.cameliterable.client.ApiResponse;
import io.github.cameliterable.client.CallListener;
import io.github.cameliterable.client.ClientSettings;
import io.github.cameliterable.client.IterableClient;
import io.github.cameliterable.client.RetrySettings;
import io.github.cameliterable.mapping.FieldMapping;
import io.github.cameliterable.observability.SyncMetrics;
import io.github.cameliterable.state.StateStore;
import io.github.cameliterable.sync.RunControls;
import io.github.cameliterable.sync.SyncPipeline;
import io.github.cameliterable.sync.SyncReport;
import io.github.cameliterable.sync.SyncType;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;
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

/**
 * Syncs the message body (one record or many) into Iterable as one of the seven sync types of a reverse-ETL
 * Iterable destination: users, events, cart, catalog, lists, email and userActions.
 */
@ManagedResource(description = "Iterable sync: record outcomes and API calls summed over runs, and the last run")
@UriEndpoint(firstVersion = "0.1.0", scheme = "iterable", title = "Iterable", syntax = "iterable:syncType", producerOnly = true, category = {
        Category.SAAS}, headersClass = IterableConstants.class)
public class IterableEndpoint extends DefaultEndpoint implements EndpointServiceLocation {

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
    private ExecutorService completions;
    private volatile SyncPipeline pipeline;
    private volatile SyncReport lastReport;
    private SyncMetrics metrics;
    private IterableHealthCheck health;
    private volatile boolean retired;

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
        RetrySettings retry = new RetrySettings(configuration.getMaxAttempts(),
                Duration.ofMillis(configuration.getInitialBackoff()), Duration.ofMillis(configuration.getMaxBackoff()),
                Duration.ofMillis(configuration.getMaxRetryTime()));
        ClientSettings settings = new ClientSettings(baseUri(), configuration.getApiKey(),
                Duration.ofMillis(configuration.getConnectTimeout()), Duration.ofMillis(configuration.getRequestTimeout()),
                retry, sslContext(), configuration.isCallLog());
        IterableHealthCheck callHealth = IterableHealthCheck.of(this);
        health = callHealth;
        if (configuration.getRateLimit() > 0) {
            getComponent().getRateLimits().override(type.mainEndpoint(), configuration.getRateLimit());
        }
        client = new IterableClient(settings, getComponent().rateBudget(configuration), new CallListener() {
            @Override
            public void attempted(ApiCall call, int attempt, int status, long durationNanos, Throwable failure) {
                SyncPipeline current = pipeline;
                if (current != null) {
                    current.attempted(call, attempt, status);
                }
                metrics.attempted(call, attempt, status, durationNanos);
            }

            @Override
            public void ended(ApiCall call, int attempts, ApiResponse answer, Throwable failure) {
                callHealth.ended(call, attempts, answer, failure);
            }
        }, getComponent().httpClient(settings));
        metrics = SyncMetrics.create(getCamelContext(), syncType, syncId());
        type.start(client);
        String syncId = syncId();
        StateStore store = null;
        IdempotentRepository firstSeen = null;
        if (configuration.isChangeDetection() || configuration.isDurableIntake()
                || type.usesFirstSeen() && configuration.getFirstSeenRepository() == null) {
            store = getComponent().stateStore(configuration);
            if (!configuration.isDryRun()) {
                store.recover(syncId);
            }
        }
        // records are hashed as the state they are compared with was (its store's row hash)
        mapping = new FieldMapping(new FieldMapping.Settings(
                configuration.getProjectType(), configuration.getMatchBy(), configuration.getEmailColumn(),
                configuration.getUserIdColumn(),
                blank(configuration.getPrimaryKey()) ? type.defaultPrimaryKeyColumn() : configuration.getPrimaryKey(),
                configuration.getFields(),
                type.syncColumns(), type.identityRequired(),
                blank(configuration.getPrimaryKey()) && type.keyedByContent()), json,
                configuration.isChangeDetection() ? store.rowHash() : null);
        // first-seen actions never repeat, with or without change detection
        if (configuration.getFirstSeenRepository() != null) {
            firstSeen = configuration.getFirstSeenRepository();
        } else if (store != null) {
            firstSeen = store.firstSeenRepository(syncId);
        }
        if (firstSeen != null) {
            ServiceHelper.startService(firstSeen);
        }
        // exchanges complete on their own threads: never on the run loop's, nor the HTTP client's
        completions = getCamelContext().getExecutorServiceManager().newCachedThreadPool(this, "IterableSyncDone-" + syncType);
        pipeline = new SyncPipeline(SyncTypes.runSettings(configuration, syncId), client, type, mapping, json,
                configuration.isChangeDetection() ? store : null, firstSeen, completions, report -> {
                    lastReport = report;
                    metrics.runEnded(report);
                });
        if (store != null) {
            // runs of one syncId never interleave across processes either
            pipeline.leases(store);
        }
        if (configuration.isDurableIntake()) {
            pipeline.durableIntake(store.intakeQueue(configuration.isDurableIntakeFsync()));
        }
        pipeline.stoppingWhen(() -> getCamelContext().isStopping());
        pipeline.start("IterableSync-" + syncType + "-" + syncId);
        if (getComponent().isHealthCheckProducerEnabled()) {
            callHealth.register(getCamelContext());
        }
    }

    @Override
    protected void doStop() throws Exception {
        retired = true;
        getComponent().stopped(this);
        if (health != null) {
            health.unregister();
        }
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

    /** Whether the endpoint's stop began: its URI resolves to a new endpoint from now on. */
    boolean isRetired() {
        return retired || isStopping();
    }

    /**
     * A graceful stop, also called by the component before it closes the state stores: a model being read stops
     * reading, bodies still waiting are refused, the calls in flight finish and what Iterable acknowledged is
     * committed; every exchange taken completes.
     */
    void finishRuns() {
        SyncPipeline current = pipeline;
        pipeline = null;
        if (current != null) {
            current.close();
        }
        if (completions != null) {
            // the pipeline's close gave every exchange taken its outcome; their completions run to their end, but the
            // stop does not wait for them: a completion may itself stop this endpoint (Camel evicting it from a toD's
            // cache as the exchange releases its producer) and wait for the lock this stop holds (a deadlock broken
            // only by the executor's timeouts: 10 s each)
            getCamelContext().getExecutorServiceManager().shutdown(completions);
            completions = null;
        }
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

    /** Syncs one body (a record or a model); completes with its report once each of its records has an outcome. */
    public CompletableFuture<SyncReport> sync(Object body, String routeId, long expectedRecords, RunControls controls) {
        SyncPipeline current = pipeline;
        if (current == null) {
            return CompletableFuture.failedFuture(
                    new RejectedExecutionException("The iterable endpoint is stopped: the body was not read"));
        }
        return current.submit(body, routeId, expectedRecords, controls);
    }

    /** The endpoint's sync, or null when it is stopped. */
    SyncPipeline pipeline() {
        return pipeline;
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
        return blank(configuration.getSyncId()) ? type.defaultSyncId() : configuration.getSyncId();
    }

    /** An option left empty: a Kamelet's optional property may arrive as an empty text. */
    private static boolean blank(String option) {
        return option == null || option.isBlank();
    }

    private SSLContext sslContext() throws Exception {
        return configuration.getSslContextParameters() == null
                ? null
                : getComponent().sslContext(configuration.getSslContextParameters());
    }

    private URI baseUri() {
        if (configuration.getBaseUri() != null && !configuration.getBaseUri().isBlank()) {
            return URI.create(configuration.getBaseUri());
        }
        return configuration.getRegion().baseUri();
    }

    @Override
    public String getServiceUrl() {
        try {
            return baseUri().toString();
        } catch (IllegalArgumentException notAUri) {
            return configuration.getBaseUri(); // the endpoint did not start; management still reads it
        }
    }

    @Override
    public String getServiceProtocol() {
        try {
            String scheme = baseUri().getScheme();
            return scheme == null ? "https" : scheme; // https, or http for the emulator on a loopback address
        } catch (IllegalArgumentException notAUri) {
            return "https";
        }
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
