package io.github.cameliterable;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import io.github.cameliterable.client.DailyCaps;
import io.github.cameliterable.client.RateBudget;
import io.github.cameliterable.client.RateLimits;
import io.github.cameliterable.client.SharedRateLimits;
import io.github.cameliterable.state.JdbcStateStore;
import io.github.cameliterable.state.StateStore;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code iterable} component. Holds what every endpoint of a CamelContext shares: the default options (such
 * as the API key), the rate limiters per API key and Iterable endpoint, and the state stores.
 */
@Component("iterable")
public class IterableComponent extends DefaultComponent {

    @Metadata(description = "Default options for every iterable endpoint of the CamelContext")
    private IterableConfiguration configuration = new IterableConfiguration();

    private final RateLimits rateLimits = new RateLimits();
    private final DailyCaps dailyCaps = new DailyCaps();
    private final Map<Object, StateStore> stores = new ConcurrentHashMap<>();
    private final Map<Object, SharedRateLimits> sharedRateLimits = new ConcurrentHashMap<>();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException(
                    "The sync type is missing: iterable:users, events, cart, catalog, lists, email or userActions");
        }
        IterableEndpoint endpoint = new IterableEndpoint(uri, this, remaining, configuration.copy());
        setProperties(endpoint, parameters);
        if (endpoint.getConfiguration().getApiKey() == null || endpoint.getConfiguration().getApiKey().isBlank()) {
            throw new IllegalArgumentException("The Iterable API key is missing: set apiKey on the endpoint or"
                                               + " camel.component.iterable.api-key on the component");
        }
        return endpoint;
    }

    /** The state store of an endpoint: its own bean, one per DataSource, or the embedded one per directory. */
    StateStore stateStore(IterableConfiguration endpointConfiguration) {
        if (endpointConfiguration.getStateStore() != null) {
            return endpointConfiguration.getStateStore();
        }
        Object dataSource = endpointConfiguration.getStateDataSource();
        if (dataSource != null) {
            if (!(dataSource instanceof DataSource ds)) {
                throw new IllegalArgumentException("stateDataSource must be a javax.sql.DataSource, not "
                                                   + dataSource.getClass().getName());
            }
            return stores.computeIfAbsent(ds, key -> new JdbcStateStore(ds));
        }
        Path directory = Path.of(endpointConfiguration.getStateDirectory()).toAbsolutePath().normalize();
        return stores.computeIfAbsent(directory, key -> JdbcStateStore.embedded(directory));
    }

    /**
     * Where an endpoint takes its permits: the CamelContext's own limiters, or the shared ones of its store (one per
     * DataSource or Redis URI, built on the local limiters so that overridden limits hold there too).
     */
    RateBudget rateBudget(IterableConfiguration endpointConfiguration) {
        return switch (endpointConfiguration.getRateLimiter()) {
            case local -> rateLimits;
            case postgresql -> {
                Object dataSource = endpointConfiguration.getRateLimiterDataSource() != null
                        ? endpointConfiguration.getRateLimiterDataSource() : endpointConfiguration.getStateDataSource();
                if (!(dataSource instanceof DataSource ds)) {
                    throw new IllegalArgumentException("rateLimiter=postgresql needs a javax.sql.DataSource in"
                                                       + " rateLimiterDataSource or stateDataSource, not " + dataSource);
                }
                yield sharedRateLimits.computeIfAbsent(ds, key -> SharedRateLimits.onPostgres(ds, rateLimits));
            }
            case redis -> sharedRateLimits.computeIfAbsent(String.valueOf(endpointConfiguration.getRateLimiterRedisUri()),
                    key -> SharedRateLimits.onRedis(endpointConfiguration.getRateLimiterRedisUri(), rateLimits));
        };
    }

    @Override
    protected void doStop() throws Exception {
        stores.values().forEach(StateStore::close);
        stores.clear();
        sharedRateLimits.values().forEach(SharedRateLimits::close);
        sharedRateLimits.clear();
        super.doStop();
    }

    public DailyCaps getDailyCaps() {
        return dailyCaps;
    }

    public RateLimits getRateLimits() {
        return rateLimits;
    }

    public IterableConfiguration getConfiguration() {
        return configuration;
    }

    /** Default options for every iterable endpoint of the CamelContext. */
    public void setConfiguration(IterableConfiguration configuration) {
        this.configuration = configuration;
    }
}
