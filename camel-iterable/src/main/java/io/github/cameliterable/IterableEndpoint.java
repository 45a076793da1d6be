package io.github.cameliterable;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

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
import io.github.cameliterable.sync.SyncPipeline;
import io.github.cameliterable.sync.SyncSettings;
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

/**
 * Syncs the message body (one record or many) into Iterable as one of the seven sync types of a reverse-ETL
 * Iterable destination: users, events, cart, catalog, lists, email and userActions.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "iterable", title = "Iterable", syntax = "iterable:syncType",
             producerOnly = true, category = { Category.SAAS }, headersClass = IterableConstants.class)
public class IterableEndpoint extends DefaultEndpoint implements EndpointServiceLocation {

    @UriPath(enums = "users,events,cart,catalog,lists,email,userActions")
    @Metadata(required = true, description = "The sync type: users, events, cart, catalog, lists, email or userActions.")
    private String syncType;

    @UriParam
    private IterableConfiguration configuration;

    private final ObjectMapper json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private SyncType type;
    private IterableClient client;
    private ExecutorService completions;
    private volatile SyncPipeline pipeline;
    private volatile SyncReport lastReport;
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
        FieldMapping mapping = new FieldMapping(new FieldMapping.Settings(
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
                retry, null);
        if (configuration.getRateLimit() > 0) {
            getComponent().getRateLimits().override(type.mainEndpoint(), configuration.getRateLimit());
        }
        client = new IterableClient(settings, getComponent().getRateLimits(), new CallListener() {
            @Override
            public void attempted(ApiCall call, int attempt, int status, long durationNanos, Throwable failure) {
                SyncPipeline current = pipeline;
                if (current != null) {
                    current.attempted(call, attempt, status);
                }
                metrics.attempted(call, attempt, status, durationNanos);
            }
        });
        metrics = IterableMetrics.create(getCamelContext(), syncType, syncId());
        type.start(client);
        String syncId = syncId();
        StateStore store = null;
        IdempotentRepository firstSeen = null;
        if (configuration.isChangeDetection() || configuration.isDurableIntake()
            || type.usesFirstSeen() && configuration.getFirstSeenRepository() == null) {
            store = getComponent().stateStore(configuration);
            store.recover(syncId);
        }
        // first-seen actions never repeat, with or without change detection
        if (configuration.getFirstSeenRepository() != null) {
            firstSeen = configuration.getFirstSeenRepository();
        } else if (store != null) {
            firstSeen = store.firstSeenRepository(syncId);
        }
        if (firstSeen != null) {
            ServiceHelper.startService(firstSeen);
        }
        SyncSettings syncSettings = new SyncSettings(syncId, configuration.isDryRun(), configuration.isSnapshot(),
                configuration.isChangeDetection(), configuration.getMaxConcurrentRequests(),
                configuration.getMaxBatchBytes(), configuration.getBatchSize(), Duration.ofMillis(configuration.getLinger()));
        // exchanges complete on their own threads: never on the run loop's, nor the HTTP client's
        completions = getCamelContext().getExecutorServiceManager().newCachedThreadPool(this, "IterableSyncDone-" + syncType);
        pipeline = new SyncPipeline(syncSettings, client, type, mapping, json,
                configuration.isChangeDetection() ? store : null, firstSeen, completions, report -> {
                    lastReport = report;
                    metrics.runEnded(report);
                });
        if (configuration.isDurableIntake()) {
            pipeline.durableIntake(store.intakeQueue());
        }
        pipeline.stoppingWhen(() -> getCamelContext().isStopping());
        pipeline.start("IterableSync-" + syncType + "-" + syncId);
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
            getCamelContext().getExecutorServiceManager().shutdownGraceful(completions);
            completions = null;
        }
    }

    /** Syncs one body (a record or a model); completes with its report once each of its records has an outcome. */
    public CompletableFuture<SyncReport> sync(Object body, String routeId, long expectedRecords) {
        SyncPipeline current = pipeline;
        if (current == null) {
            return CompletableFuture.failedFuture(
                    new RejectedExecutionException("The iterable endpoint is stopped: the body was not read"));
        }
        return current.submit(body, routeId, expectedRecords);
    }

    /** The endpoint's sync, or null when it is stopped. */
    SyncPipeline pipeline() {
        return pipeline;
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
