package io.github.cameliterable.users;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.github.cameliterable.IterableComponent;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

import static io.github.cameliterable.users.StubIterable.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A route written in YAML, as users configure it, syncs users with the options it names. */
class UsersYamlRouteTest {

    @Test
    void yamlRouteSendsTheMappedUsers() throws Exception {
        try (StubIterable iterable = new StubIterable()) {
            CamelContext camel = new DefaultCamelContext();
            Properties properties = new Properties();
            properties.setProperty("iterable.baseUri", iterable.baseUri());
            camel.getPropertiesComponent().setInitialProperties(properties);
            camel.getComponent("iterable", IterableComponent.class).getConfiguration().setApiKey(StubIterable.API_KEY);
            PluginHelper.getRoutesLoader(camel)
                    .loadRoutes(
                            PluginHelper.getResourceLoader(camel).resolveResource("classpath:routes/users-sync.yaml"));
            camel.start();
            SyncReport report = camel.createProducerTemplate()
                    .requestBody("direct:yaml-users",
                            List.of(Map.of("email", "ada@example.com", "first_name", "Ada", "city", "Paris", "secret", "x")),
                            SyncReport.class);
            camel.stop();
            assertEquals(1, report.getSucceeded(), report.toString());
            assertEquals(json("""
                    {"users":[{"email":"ada@example.com","dataFields":{"firstName":"Ada","address":{"city":"Paris"}}}]}"""),
                    json(iterable.requests("/api/users/bulkUpdate").get(0).getBodyAsString()));
        }
    }
}
