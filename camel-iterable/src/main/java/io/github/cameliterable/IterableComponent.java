package io.github.cameliterable;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;
import javax.sql.DataSource;

import io.github.cameliterable.client.ClientSettings;
import io.github.cameliterable.client.DailyCaps;
import io.github.cameliterable.client.HttpClients;
import io.github.cameliterable.client.RateBudget;
import io.github.cameliterable.client.RateLimits;
import io.github.cameliterable.client.SharedRateLimits;
import io.github.cameliterable.state.JdbcStateStore;
import io.github.cameliterable.state.RocksStateStore;
import io.github.cameliterable.state.StateStore;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code iterable} component. Holds what every endpoint of a CamelContext shares: the default options (such
 * as the API key), the rate limiters per API key and Iterable endpoint, the state stores, and the HTTP clients.
 */
@Component("iterable")
public class IterableComponent extends HealthCheckComponent {
    private static final Logger LOG = LoggerFactory.getLogger(IterableComponent.class);
    private static final String ENVIRONMENT_PREFIX = "CAMEL_COMPONENT_ITERABLE_";

    @Metadata(description = "Default options for every iterable endpoint of the CamelContext")
    private IterableConfiguration configuration = new IterableConfiguration();

    private final RateLimits rateLimits = new RateLimits();
    private final DailyCaps dailyCaps = new DailyCaps();
    private final Map<Object, StateStore> stores = new ConcurrentHashMap<>();
    private final Map<Object, SharedRateLimits> sharedRateLimits = new ConcurrentHashMap<>();
    private final Map<String, IterableEndpoint> syncIdOwners = new ConcurrentHashMap<>();
    private final HttpClients httpClients = new HttpClients();
    /** By the bean's identity (SSLContextParameters has no equals): endpoints of one bean share one HTTP client. */
    private final Map<SSLContextParameters, SSLContext> sslContexts = new ConcurrentHashMap<>();
    /** The endpoints created and not stopped, by URI: a URI resolved by two threads at once is one endpoint. */
    private final Map<String, IterableEndpoint> liveEndpoints = new HashMap<>();
    private volatile boolean environmentApplied;

    /**
     * The endpoint of {@code uri}: the one already created and not stopped, or a new one. Camel resolves a URI without
     * a lock: two threads sending their first message to one URI at once (a {@code toD} behind concurrent consumers)
     * each created an endpoint, and the second one's start failed on the first one's syncId, failing its message.
     */
    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        // Camel hands the same URI over as written or normalized (iterable:lists?... and iterable://lists?...)
        String key = URISupport.normalizeUri(uri);
        synchronized (liveEndpoints) {
            IterableEndpoint live = liveEndpoints.get(key);
            // not isStoppingOrStopped(): Camel's is also true for an endpoint created and not started yet, which the
            // thread that created it is about to start (a second endpoint of the URI failed on its syncId)
            if (live != null && !live.isRetired()) {
                parameters.clear(); // the endpoint took them when it was created
                return live;
            }
            IterableEndpoint created = newEndpoint(uri, remaining, parameters);
            liveEndpoints.put(key, created);
            return created;
        }
    }

    /** Forgets a stopped endpoint: its URI resolves to a new one. */
    void stopped(IterableEndpoint endpoint) {
        synchronized (liveEndpoints) {
            // by identity: endpoints of one URI are equal (DefaultEndpoint.equals), and a stopping one must not remove
            // the endpoint that replaced it
            liveEndpoints.values().removeIf(live -> live == endpoint);
        }
    }

    private IterableEndpoint newEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        applyEnvironment();
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException(
                    "The sync type is missing: iterable:users, events, cart, catalog, lists, email or userActions");
        }
        int options = remaining.indexOf('&');
        if (options >= 0 || remaining.contains("=")) {
            // the type alone is named: what follows may hold the API key
            String type = remaining.substring(0, options >= 0 ? options : remaining.indexOf('='));
            throw new IllegalArgumentException("The URI iterable:" + type + "&... has options without a '?' before"
                    + " them: write iterable:" + type + "?option=value&option=value");
        }
        IterableEndpoint endpoint = new IterableEndpoint(uri, this, remaining, configuration.copy());
        // before setProperties consumes them: the URI's own parameters (Camel also accepts the lower-case name)
        boolean keyInUri = parameters.keySet().stream().anyMatch("apiKey"::equalsIgnoreCase);
        OptionChecks.checkText(remaining, parameters);
        setProperties(endpoint, parameters);
        IterableConfiguration endpointConfiguration = endpoint.getConfiguration();
        OptionChecks.checkRanges(remaining, endpointConfiguration);
        if (endpointConfiguration.getApiKey() == null || endpointConfiguration.getApiKey().isBlank()) {
            throw new IllegalArgumentException("The Iterable API key is missing: set apiKey on the endpoint or"
                    + " camel.component.iterable.api-key on the component");
        }
        endpointConfiguration.setApiKey(ClientSettings.checkedApiKey(endpointConfiguration.getApiKey()));
        if (keyInUri) {
            LOG.warn("The Iterable API key of endpoint iterable:{} is set in the endpoint URI. Camel shows that URI unmasked"
                    + " in route dumps (JMX dumpRoutesAsXml, the route-dump console), in the route-structure,"
                    + " processor-detail, endpoint and service consoles, and in its own DEBUG and TRACE lines."
                    + " Set it once on the component from a secret instead: camel.component.iterable.api-key ="
                    + " {{env:ITERABLE_API_KEY}} (docs/reliability.md, 'The API key').", remaining);
        }
        return endpoint;
    }

    /**
     * Component options from environment variables {@code CAMEL_COMPONENT_ITERABLE_<OPTION>} (such as
     * {@code CAMEL_COMPONENT_ITERABLE_API_KEY}), over properties files as Camel documents for Camel Main. Camel Main
     * 4.22 maps such variables only for the components of Camel's own catalog, so the component reads its own, once,
     * before its first endpoint copies the options.
     */
    private synchronized void applyEnvironment() {
        if (environmentApplied) {
            return;
        }
        environmentApplied = true;
        Map<String, Object> found = new LinkedHashMap<>();
        System.getenv().forEach((name, value) -> {
            if (name.startsWith(ENVIRONMENT_PREFIX) && name.length() > ENVIRONMENT_PREFIX.length()) {
                // API_KEY -> apikey: the generated configurer also knows every option by its lower-case name
                found.put(name.substring(ENVIRONMENT_PREFIX.length()).replace("_", "").toLowerCase(Locale.ROOT), value);
            }
        });
        for (Map.Entry<String, Object> option : found.entrySet()) {
            boolean bound = PropertyBindingSupport.build()
                    .withConfigurer(getComponentPropertyConfigurer())
                    .withIgnoreCase(true)
                    .bind(getCamelContext(), this, option.getKey(), option.getValue());
            if (!bound) {
                throw new IllegalArgumentException("An environment variable CAMEL_COMPONENT_ITERABLE_... names no option"
                        + " of the iterable component: " + option.getKey());
            }
        }
    }

    /** The state store of an endpoint: its own bean, one per DataSource, or the embedded one per directory. */
    StateStore stateStore(IterableConfiguration endpointConfiguration) {
        if (endpointConfiguration.getStateStore() != null) {
            return endpointConfiguration.getStateStore();
        }
        DataSource dataSource = endpointConfiguration.getStateDataSource();
        if (dataSource != null) {
            return stores.computeIfAbsent(dataSource, key -> new JdbcStateStore(dataSource));
        }
        Path directory = Path.of(endpointConfiguration.getStateDirectory()).toAbsolutePath().normalize();
        return stores.computeIfAbsent(directory, key -> RocksStateStore.open(directory));
    }

    /**
     * The HTTP client of an endpoint: one per transport (connect timeout, TLS context) for all the component's
     * endpoints, made on first use; a {@code toD} over many URIs no longer holds a client's threads per URI.
     */
    HttpClient httpClient(ClientSettings settings) {
        return httpClients.of(settings);
    }

    /** The TLS context of an {@code sslContextParameters} bean, made once per bean for the component's endpoints. */
    SSLContext sslContext(SSLContextParameters parameters) throws Exception {
        SSLContext context = sslContexts.get(parameters);
        if (context == null) {
            context = parameters.createSSLContext(getCamelContext());
            SSLContext made = sslContexts.putIfAbsent(parameters, context);
            context = made != null ? made : context;
        }
        return context;
    }

    /**
     * Makes {@code endpoint} the one owner of its syncId in this CamelContext: two endpoints on one state would
     * remove each other's keys (two lists, two users routes deleting each other's users).
     */
    void claimSyncId(String syncId, IterableEndpoint endpoint) {
        // an owner stopping (Camel stopped the endpoint of this URI a moment ago, a toD's cache evicted it) only drains:
        // the new endpoint takes the syncId over
        IterableEndpoint owner = syncIdOwners.compute(syncId,
                (id, held) -> held == null || held.isStoppingOrStopped() ? endpoint : held);
        if (owner != endpoint) {
            throw new IllegalArgumentException("The syncId '" + syncId + "' of " + endpoint.maskedUri()
                    + " is already used by " + owner.maskedUri() + ": each endpoint needs"
                    + " its own state. Set a distinct syncId option on one of them.");
        }
    }

    void releaseSyncId(String syncId, IterableEndpoint endpoint) {
        // by identity, as stopped(): an evicted endpoint's stop must not release the syncId its successor took over
        syncIdOwners.computeIfPresent(syncId, (id, held) -> held == endpoint ? null : held);
    }

    /**
     * Where an endpoint takes its permits: the CamelContext's own limiters, or the shared ones of its store (one per
     * DataSource or Redis URI, built on the local limiters so that overridden limits hold there too).
     */
    RateBudget rateBudget(IterableConfiguration endpointConfiguration) {
        return switch (endpointConfiguration.getRateLimiter()) {
            case local -> rateLimits;
            case postgresql -> {
                DataSource ds = endpointConfiguration.getRateLimiterDataSource() != null
                        ? endpointConfiguration.getRateLimiterDataSource()
                        : endpointConfiguration.getStateDataSource();
                if (ds == null) {
                    throw new IllegalArgumentException("rateLimiter=postgresql needs a DataSource: set"
                            + " rateLimiterDataSource or stateDataSource");
                }
                yield sharedRateLimits.computeIfAbsent(ds, key -> SharedRateLimits.onPostgres(ds, rateLimits));
            }
            case redis -> sharedRateLimits.computeIfAbsent(String.valueOf(endpointConfiguration.getRateLimiterRedisUri()),
                    key -> SharedRateLimits.onRedis(endpointConfiguration.getRateLimiterRedisUri(), rateLimits));
        };
    }

    @Override
    protected void doStop() throws Exception {
        // the stores close after every run of this component ended: a forced stop never closes a store under a run
        for (Endpoint endpoint : getCamelContext().getEndpoints()) {
            if (endpoint instanceof IterableEndpoint iterable && iterable.getComponent() == this) {
                iterable.finishRuns();
            }
        }
        stores.values().forEach(StateStore::close);
        stores.clear();
        sharedRateLimits.values().forEach(SharedRateLimits::close);
        sharedRateLimits.clear();
        httpClients.close();
        sslContexts.clear();
        super.doStop();
    }

    public DailyCaps getDailyCaps() {
        return dailyCaps;
    }

    public RateLimits getRateLimits() {
        return rateLimits;
    }

    /** The shared rate limiters in use (rateLimiter=postgresql or redis), one per store. */
    public List<SharedRateLimits> getSharedRateLimits() {
        return List.copyOf(sharedRateLimits.values());
    }

    public IterableConfiguration getConfiguration() {
        return configuration;
    }

    /** Default options for every iterable endpoint of the CamelContext. */
    public void setConfiguration(IterableConfiguration configuration) {
        this.configuration = configuration;
    }
}
