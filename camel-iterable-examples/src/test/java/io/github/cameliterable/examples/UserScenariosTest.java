package io.github.cameliterable.examples;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.cameliterable.IterableComponent;
import io.github.cameliterable.IterableSyncException;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The five ways a new user hurt themselves (issue 12), rerun as they would write the routes: camel-sql over a
 * warehouse whose unquoted identifiers come back in UPPER CASE (H2 without DATABASE_TO_LOWER, like Snowflake and
 * Oracle), an empty model, a per-row SQL consumer with snapshot=true, two lists routes, a POJO with a LocalDate.
 * Nobody is deleted or unsubscribed who should not be, and every refusal names its cause and its fix.
 */
class UserScenariosTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path state;

    private final JdbcDataSource warehouse = upperCaseWarehouse();
    private CamelContext camel;

    /** The examples' warehouse, with the identifiers as Snowflake returns them: EMAIL, FIRST_NAME, ... */
    private static JdbcDataSource upperCaseWarehouse() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:upper-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        execute(ds, "RUNSCRIPT FROM 'classpath:/" + Warehouse.SCHEMA + "'");
        execute(ds, "RUNSCRIPT FROM 'classpath:/" + Warehouse.DATA + "'");
        return ds;
    }

    private static void execute(JdbcDataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private CamelContext start(RouteBuilder routes) throws Exception {
        if (camel != null) {
            camel.stop();
        }
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("warehouse", warehouse);
        IterableComponent component = camel.getComponent("iterable", IterableComponent.class);
        component.getConfiguration().setApiKey(iterable.emulator().apiKey());
        component.getConfiguration().setBaseUri(iterable.emulator().baseUri());
        component.getConfiguration().setStateDirectory(state.toString());
        camel.addRoutes(routes);
        camel.start();
        return camel;
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        execute(warehouse, "SHUTDOWN");
    }

    private SyncReport run(String route) {
        return camel.createProducerTemplate().requestBody("direct:" + route, null, SyncReport.class);
    }

    private IterableEmulator emulator() {
        return iterable.emulator();
    }

    private static RouteBuilder usersModel(String uri) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:users").routeId("users")
                        .to("sql:SELECT email, first_name, plan FROM customers?dataSource=#warehouse&outputType=StreamList")
                        .to(uri);
            }
        };
    }

    @Test
    void upperCaseColumnsOfTheWarehouseSync() throws Exception {
        start(usersModel("iterable:users?matchBy=email&fields=first_name:firstName,plan"));
        SyncReport report = run("users");
        assertEquals(200, report.getSucceeded(), report.toString());
        assertEquals(0, report.getFailed(), report.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> ada = (Map<String, Object>) emulator().user("customer40@example.com")
                .orElseThrow()
                .get("dataFields");
        assertEquals("Ada", ada.get("firstName"));
        assertEquals("pro", ada.get("plan"));
    }

    @Test
    void aModelThatComesBackEmptyDeletesNobody() throws Exception {
        start(usersModel("iterable:users?snapshot=true&deleteBehavior=delete"));
        assertEquals(200, run("users").getSucceeded());

        execute(warehouse, "CREATE TABLE customers_yesterday AS SELECT * FROM customers");
        execute(warehouse, "DELETE FROM customers"); // the upstream job failed after truncating the table
        CamelExecutionException e = assertThrows(CamelExecutionException.class, () -> run("users"));
        IterableSyncException refused = assertInstanceOf(IterableSyncException.class, e.getCause());
        assertTrue(refused.getMessage().contains("the snapshot received 0 records while the state holds 200 keys"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("CamelIterableConfirmRemovals=true"), refused.getMessage());
        assertEquals(0, emulator().deleted().size());
        assertEquals(200, emulator().users().size());

        execute(warehouse, "INSERT INTO customers SELECT * FROM customers_yesterday"); // the job ran again
        SyncReport next = run("users");
        assertEquals(200, next.getUnchanged(), next.toString());
        assertEquals(0, next.getRemoved());
    }

    @Test
    void aPerRowSqlConsumerWithSnapshotIsRefusedAndDeletesNobody() throws Exception {
        String uri = "iterable:users?snapshot=true&deleteBehavior=delete&syncId=customers";
        start(usersModel(uri));
        assertEquals(200, run("users").getSucceeded());

        // the same sync from a consumer that hands one row per exchange (camel-sql's default useIterator=true)
        List<String> refusals = new CopyOnWriteArrayList<>();
        start(new RouteBuilder() {
            @Override
            public void configure() {
                onException(IterableSyncException.class).handled(true)
                        .process(x -> refusals.add(x.getProperty("CamelExceptionCaught", Exception.class).getMessage()));
                from("sql:SELECT email, first_name, plan FROM customers?dataSource=#warehouse&initialDelay=0&repeatCount=1")
                        .to(uri);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (refusals.size() < 200 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(200, refusals.size(), "every one-row exchange is refused");
        assertTrue(refusals.get(0).contains("snapshot=true needs the whole model in one exchange"), refusals.get(0));
        assertTrue(refusals.get(0).contains("outputType=StreamList or useIterator=false"), refusals.get(0));
        assertEquals(0, emulator().deleted().size());
        assertEquals(200, emulator().users().size());
    }

    @Test
    void twoListsRoutesKeepTheirOwnMembers() throws Exception {
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:vip").routeId("vip")
                        .to("sql:SELECT email FROM customers WHERE plan = 'pro'?dataSource=#warehouse&outputType=StreamList")
                        .to("iterable:lists?listName=vip&snapshot=true");
                from("direct:free").routeId("free")
                        .to("sql:SELECT email FROM customers WHERE plan = 'free'?dataSource=#warehouse&outputType=StreamList")
                        .to("iterable:lists?listName=free&snapshot=true");
                // the list named after the route, one endpoint URI in two routes
                from("direct:a").routeId("a")
                        .setBody(constant(List.of(Map.of("EMAIL", "a@example.com"))))
                        .to("iterable:lists?snapshot=true");
                from("direct:b").routeId("b")
                        .setBody(constant(List.of(Map.of("EMAIL", "b@example.com"))))
                        .to("iterable:lists?snapshot=true");
            }
        });
        for (int i = 0; i < 2; i++) {
            assertEquals(0, run("vip").getFailed());
            assertEquals(0, run("free").getFailed());
        }
        Map<String, Long> lists = emulator().lists();
        long pro = emulator().listMembers(lists.get("vip")).size();
        long free = emulator().listMembers(lists.get("free")).size();
        assertTrue(pro > 0 && free > 0, lists.toString());
        assertEquals(0, emulator().requestCount("/api/lists/unsubscribe"));

        run("a");
        CamelExecutionException refused = assertThrows(CamelExecutionException.class, () -> run("b"));
        assertTrue(refused.getCause().getMessage().contains("Give each route its own listName"),
                refused.getCause().getMessage());
        assertEquals(Set.of("a@example.com"), emulator().listMembers(emulator().lists().get("a")));
        assertEquals(pro, emulator().listMembers(lists.get("vip")).size());
        assertEquals(0, emulator().requestCount("/api/lists/unsubscribe"));
    }

    /** What a user's own mapper or a JPA query hands over. */
    public record Subscriber(String email, LocalDate memberSince) {
    }

    @Test
    void aPojoWithALocalDateSyncs() throws Exception {
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:pojo").routeId("pojo")
                        .setBody(constant(List.of(new Subscriber("pojo@example.com", LocalDate.of(2024, 2, 29)))))
                        .to("iterable:users");
            }
        });
        SyncReport report = run("pojo");
        assertEquals(1, report.getSucceeded(), report.toString());
        assertEquals("2024-02-29", ((Map<?, ?>) emulator().user("pojo@example.com").orElseThrow().get("dataFields"))
                .get("memberSince"));
    }
}
