package io.github.cameliterable.examples.docs;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.github.cameliterable.IterableComponent;
import io.github.cameliterable.IterableEndpoint;
import io.github.cameliterable.emulator.EmulatorHttp;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.support.PostgresState;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.PropertiesFunction;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Runs one example of the docs against the emulator, the way a user would paste it: a Java DSL example compiled as
 * a {@code RouteBuilder.configure()}, YAML routes loaded as they are (or, for a list of steps, behind a
 * {@code direct:} route whose body comes from the marker's {@code body} query through camel-sql), a properties example
 * through Camel Main. The model's database is {@code docs/warehouse.sql} on H2, returning lower-case or upper-case
 * column names. {@code {{env:ITERABLE_API_KEY}}} resolves to the emulator's key.
 *
 * <p>
 * Marker settings: {@code body} (the query of a list of steps), {@code project=userId} (an emulator of a userId
 * project), {@code given=users} (Iterable already holds the customers), {@code declare} (a field of the RouteBuilder
 * the harness fills: a DataSource), {@code expect} (what Iterable then holds; see {@link #check}).
 */
final class DocsExampleRunner {
    /** The model's database: H2 returns upper-case names for unquoted identifiers unless told otherwise. */
    enum Database {
        LOWER_CASE(";DATABASE_TO_LOWER=TRUE"), UPPER_CASE("");

        final String urlOptions;

        Database(String urlOptions) {
            this.urlOptions = urlOptions;
        }
    }

    private final Map<String, IterableEmulator> emulators;
    private final Path stateRoot;

    DocsExampleRunner(Map<String, IterableEmulator> emulatorsByProjectType, Path stateRoot) {
        this.emulators = emulatorsByProjectType;
        this.stateRoot = stateRoot;
    }

    /** A quoted example must equal its source file, or the region of it between example-start and example-end. */
    static void checkQuoted(Path root, DocsExample example) throws Exception {
        String file = example.setting("file");
        if (file == null) {
            throw new AssertionError(example.where() + ": a quoted example names its file (file=...)");
        }
        List<String> lines = Files.readAllLines(root.resolve(file));
        String region = example.setting("region");
        if (region != null) {
            int start = indexOf(lines, "example-start: " + region, 0, example, file);
            int end = indexOf(lines, "example-end: " + region, start, example, file);
            if (file.endsWith(".java") && !(start > 0 && lines.get(start - 1).contains("@formatter:off")
                    && end + 1 < lines.size() && lines.get(end + 1).contains("@formatter:on"))) {
                // the build formats Java sources (tools/eclipse-formatter.xml): only a region it leaves alone stays verbatim
                throw new AssertionError(example.where() + ": region " + region + " of " + file
                        + " must stand between a line '// @formatter:off' and a line '// @formatter:on'");
            }
            lines = lines.subList(start + 1, end);
        }
        String quoted = stripTrailing(String.join("\n", lines).stripIndent());
        String shown = stripTrailing(example.code().stripIndent());
        if (!quoted.equals(shown)) {
            throw new AssertionError(example.where() + " is not quoted verbatim from " + file
                    + (region == null ? "" : " region " + region) + ":\n--- page:\n" + shown
                    + "\n--- source:\n" + quoted);
        }
    }

    private static int indexOf(List<String> lines, String text, int from, DocsExample example, String file) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError(example.where() + ": no line '" + text + "' in " + file);
    }

    private static String stripTrailing(String text) {
        return String.join("\n", text.strip().lines().map(String::stripTrailing).toList());
    }

    /** Runs a Java or YAML example; returns one line describing what reached the emulator. */
    String run(DocsExample example, Database database) throws Exception {
        try {
            return runRoutes(example, database);
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(example.where() + ": " + e, e);
        }
    }

    private String runRoutes(DocsExample example, Database database) throws Exception {
        IterableEmulator emulator = emulator(example);
        emulator.reset();
        DataSource warehouse = warehouse(database);
        if ("users".equals(example.setting("given"))) {
            given(emulator);
        }
        CamelContext camel = new DefaultCamelContext();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Map<String, Integer> completed = new ConcurrentHashMap<>();
        camel.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
                if (exchange.getException() != null) {
                    failure.compareAndSet(null, exchange.getException());
                }
                if (exchange.getFromRouteId() != null) {
                    completed.merge(exchange.getFromRouteId(), 1, Integer::sum);
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent;
            }
        });
        camel.getRegistry().bind("warehouse", warehouse);
        Map<String, Object> fields = new HashMap<>();
        String declare = example.setting("declare");
        if (declare != null) {
            // a DataSource the example names but a reader brings: an H2 database of its own
            fields.put(declare.substring(declare.lastIndexOf(' ') + 1), h2("state-" + UUID.randomUUID(), ""));
        }
        if ("deletions".equals(example.setting("bean"))) {
            camel.getRegistry().bind("deletions", new JdbcMessageIdRepository(warehouse, "iterable-deletions"));
        }
        env(camel, emulator);
        IterableComponent component = camel.getComponent("iterable", IterableComponent.class);
        component.getConfiguration().setApiKey(emulator.apiKey());
        component.getConfiguration().setBaseUri(emulator.baseUri());
        component.getConfiguration().setStateDirectory(stateRoot.resolve(UUID.randomUUID().toString()).toString());

        if ("java".equals(example.language())) {
            camel.addRoutes(JavaSnippets.routeBuilder(className(example), example.code(), declare, fields));
        } else {
            String yaml = example.code();
            if (example.setting("body") != null) {
                yaml = "- route:\n    id: docs-example\n    from:\n      uri: direct:docs-example\n      steps:\n"
                        + "        - to: \"sql:" + example.setting("body") + "?outputType=StreamList\"\n" + yaml.indent(8);
            }
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("docs-example.yaml", yaml));
        }
        camel.start();
        try {
            if (example.setting("body") != null) {
                camel.createProducerTemplate().sendBody("direct:docs-example", null);
            }
            awaitEveryRoute(camel, completed, failure, example);
            return check(example, camel, emulator);
        } finally {
            camel.stop();
            shutdown(warehouse);
        }
    }

    static String className(DocsExample example) {
        return "Example_" + example.page().replaceAll("\\W", "_") + "_" + example.line();
    }

    /** Routes that start by themselves (timer, sql) must each complete an exchange, and no exchange may fail. */
    private static void awaitEveryRoute(CamelContext camel, Map<String, Integer> completed,
            AtomicReference<Throwable> failure, DocsExample example) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // a direct: route runs when another route or the harness calls it
        List<String> routes = camel.getRoutes()
                .stream()
                .filter(r -> !r.getEndpoint().getEndpointUri().startsWith("direct:"))
                .map(r -> r.getRouteId())
                .toList();
        while (System.nanoTime() < deadline && failure.get() == null
                && !routes.stream().allMatch(r -> completed.getOrDefault(r, 0) > 0)) {
            Thread.sleep(20);
        }
        if (failure.get() != null) {
            throw new AssertionError(example.where() + ": the route failed: " + failure.get(), failure.get());
        }
        List<String> idle = routes.stream().filter(r -> completed.getOrDefault(r, 0) == 0).toList();
        if (!idle.isEmpty()) {
            throw new AssertionError(example.where() + ": no exchange completed on routes " + idle + " within 30 s");
        }
    }

    /**
     * Every iterable endpoint ran, no record failed (unless {@code expect} says {@code failed=N}), and the emulator
     * holds what {@code expect} says: {@code users=N}, {@code events=N}, {@code purchases=N}, {@code deleted=N},
     * {@code forgotten=N}, {@code catalog.NAME=N}, {@code list.NAME=N}, {@code sent=N}, {@code user:EMAIL=present|absent},
     * {@code user:EMAIL:FIELD=VALUE} (a dotted path into dataFields).
     */
    private static String check(DocsExample example, CamelContext camel, IterableEmulator emulator) {
        List<SyncReport> reports = new ArrayList<>();
        for (var endpoint : camel.getEndpoints()) {
            if (endpoint instanceof IterableEndpoint iterable) {
                SyncReport report = iterable.getLastReport();
                if (report == null) {
                    throw new AssertionError(example.where() + ": " + iterable.getEndpointUri() + " never ran");
                }
                reports.add(report);
            }
        }
        if (reports.isEmpty()) {
            throw new AssertionError(example.where() + ": no iterable endpoint in the example");
        }
        long failed = reports.stream().mapToLong(SyncReport::getFailed).sum();
        long received = reports.stream().mapToLong(SyncReport::getReceived).sum();
        long sent = reports.stream().mapToLong(SyncReport::getSent).sum();
        Map<String, String> expect = expectations(example);
        long expectedFailed = Long.parseLong(expect.getOrDefault("failed", "0"));
        if (failed != expectedFailed || received == 0) {
            throw new AssertionError(example.where() + ": expected " + expectedFailed + " failed records of some received: "
                    + reports);
        }
        if (!emulator.contractViolations().isEmpty()) {
            List<?> violations = emulator.contractViolations();
            emulator.clearContractViolations();
            throw new AssertionError(example.where() + ": requests break Iterable's API contract: " + violations);
        }
        for (Map.Entry<String, String> e : expect.entrySet()) {
            String actual = actual(e.getKey(), emulator, sent, failed);
            if (!e.getValue().equals(actual)) {
                throw new AssertionError(example.where() + ": expected " + e.getKey() + "=" + e.getValue() + " but was "
                        + actual + "; reports: " + reports);
            }
        }
        return "received " + received + ", sent " + sent + ", failed " + failed + "; " + expect;
    }

    private static Map<String, String> expectations(DocsExample example) {
        Map<String, String> expect = new java.util.LinkedHashMap<>();
        String text = example.setting("expect");
        if (text != null) {
            for (String pair : text.trim().split("\\s+")) {
                int eq = pair.lastIndexOf('=');
                expect.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return expect;
    }

    @SuppressWarnings("unchecked")
    private static String actual(String key, IterableEmulator emulator, long sent, long failed) {
        if (key.startsWith("user:")) {
            String[] parts = key.split(":", 3);
            var user = emulator.user(parts[1]);
            if (parts.length == 2) {
                return user.isPresent() ? "present" : "absent";
            }
            Object value = user.map(u -> u.get("dataFields")).orElse(null);
            for (String step : parts[2].split("\\.")) {
                value = value instanceof Map<?, ?> m ? ((Map<String, Object>) m).get(step) : null;
            }
            return String.valueOf(value);
        }
        if (key.startsWith("catalog.")) {
            return String.valueOf(emulator.catalogItems(key.substring(8)).size());
        }
        if (key.startsWith("list.")) {
            Long id = emulator.lists().get(key.substring(5));
            return id == null ? "no list" : String.valueOf(emulator.listMembers(id).size());
        }
        return String.valueOf(switch (key) {
            case "users" -> emulator.users().size();
            case "events" -> emulator.events().size();
            case "purchases" -> emulator.purchases().size();
            case "deleted" -> emulator.deleted().size();
            case "forgotten" -> emulator.forgotten().size();
            case "sent" -> sent;
            case "failed" -> failed;
            default -> throw new AssertionError("unknown expectation " + key);
        });
    }

    /**
     * Runs a properties example with Camel Main: the keys must all be known (Camel Main fails on a
     * {@code camel.component.iterable.*} key that is no option), a users sync through it must land, and every
     * component option it sets must hold the value given. Where the example names places the test cannot reach, the
     * harness points them at the emulator and a temporary directory: {@code base-uri} (always: an EU region would
     * otherwise leave this machine), {@code state-directory}.
     */
    String runCamelMain(DocsExample example) throws Exception {
        IterableEmulator emulator = emulator(example);
        emulator.reset();
        Properties properties = new Properties();
        properties.load(new StringReader(example.code()));
        DataSource warehouse = warehouse(Database.LOWER_CASE);
        Main main = new Main();
        Map<String, String> overridden = new HashMap<>();
        overridden.put("camel.component.iterable.base-uri", emulator.baseUri());
        overridden.put("camel.component.iterable.state-directory", stateRoot.resolve(UUID.randomUUID().toString()).toString());
        if (properties.stringPropertyNames().contains("camel.beans.warehouse.url")) {
            // the model the example names, with the docs' tables in it
            boolean postgres = properties.getProperty("camel.beans.warehouse.url").startsWith("jdbc:postgresql:");
            overridden.put("camel.beans.warehouse.url", postgres ? postgresWarehouse() : ((JdbcDataSource) warehouse).getURL());
            overridden.put("camel.beans.warehouse.user", postgres ? "postgres" : "sa");
            if (postgres && properties.containsKey("camel.beans.warehouse.password")) {
                overridden.put("camel.beans.warehouse.password", "trust"); // the test server trusts local connections
            }
        }
        if (example.setting("postgres") != null) {
            pointPostgresBeansAtTheTestDatabase(properties, overridden);
            // a DataSource the example names but defines elsewhere on its page: the test PostgreSQL database
            Matcher reference = Pattern.compile("=\\s*#(\\w+)").matcher(example.code());
            while (reference.find()) {
                if (!properties.containsKey("camel.beans." + reference.group(1))) {
                    main.bind(reference.group(1), PostgresState.dataSourceOrSkip());
                }
            }
        }
        for (String placeholder : placeholders(example.code())) {
            // a Camel K secret's keys: the API key is the emulator's, passwords are the test database's (none)
            if (!properties.containsKey(placeholder)) {
                main.addInitialProperty(placeholder, placeholder.contains("api-key") ? emulator.apiKey()
                        : placeholder.contains("redis") ? "redis://127.0.0.1:6379" : "trust");
            }
        }
        properties.stringPropertyNames().forEach(key -> {
            if (!overridden.containsKey(key)) {
                main.addInitialProperty(key, properties.getProperty(key));
            }
        });
        if (!properties.containsKey("camel.component.iterable.api-key")) {
            main.addInitialProperty("camel.component.iterable.api-key", emulator.apiKey()); // set once elsewhere
        }
        overridden.forEach(main::addOverrideProperty);
        if (!properties.stringPropertyNames().contains("camel.beans.warehouse")) {
            main.bind("warehouse", warehouse);
        }
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport support) {
                env(support.getCamelContext(), emulator);
            }
        });
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:docs-example").routeId("docs-example")
                        // named: an example may bind a second DataSource
                        .to("sql:select email, first_name from customers?outputType=StreamList&dataSource=#warehouse")
                        .to("iterable:users");
            }
        });
        main.start();
        try {
            SyncReport report = main.getCamelContext()
                    .createProducerTemplate()
                    .requestBody("direct:docs-example", null, SyncReport.class);
            if (report.getSucceeded() != 3 || report.getFailed() != 0 || emulator.users().size() != 3) {
                throw new AssertionError(example.where() + ": a users sync through these properties did not land: " + report);
            }
            IterableComponent component = main.getCamelContext().getComponent("iterable", IterableComponent.class);
            PropertyConfigurerGetter options = (PropertyConfigurerGetter) PluginHelper.getConfigurerResolver(
                    main.getCamelContext()).resolvePropertyConfigurer("iterable-component", main.getCamelContext());
            List<String> applied = new ArrayList<>();
            for (String key : properties.stringPropertyNames()) {
                if (!key.startsWith("camel.component.iterable.") || overridden.containsKey(key)) {
                    continue;
                }
                String option = key.substring("camel.component.iterable.".length());
                Object value = options.getOptionValue(component, option.replace("-", ""), true);
                String given = main.getCamelContext().resolvePropertyPlaceholders(properties.getProperty(key));
                boolean same = given.startsWith("#") ? value != null : given.equals(String.valueOf(value));
                if (!same) {
                    throw new AssertionError(example.where() + ": " + key + "=" + given + " left the option at " + value);
                }
                applied.add(option);
            }
            return "Camel Main applied " + applied + " and synced 3 users";
        } finally {
            main.stop();
            shutdown(warehouse);
        }
    }

    /**
     * The example's PostgreSQL DataSource beans go to the test database (ITERABLE_TEST_PG_DB), each in the schema its
     * URL names (dropped first, so that every run starts from empty state), as user postgres; skipped without
     * PostgreSQL.
     */
    private static void pointPostgresBeansAtTheTestDatabase(Properties properties, Map<String, String> overridden)
            throws Exception {
        DataSource postgres = PostgresState.dataSourceOrSkip();
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key);
            // PGSimpleDataSource's url and user, HikariCP's jdbcUrl and username
            String urlName = key.endsWith(".jdbcUrl") ? ".jdbcUrl" : ".url";
            if (!key.endsWith(urlName) || !value.startsWith("jdbc:postgresql:") || overridden.containsKey(key)) {
                continue;
            }
            Matcher schema = Pattern.compile("currentSchema=(\\w+)").matcher(value);
            String name = schema.find() ? schema.group(1) : "docs_state";
            try (Connection c = postgres.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
                s.execute("CREATE SCHEMA " + name);
            }
            String query = value.contains("?") ? value.substring(value.indexOf('?') + 1) : "";
            overridden.put(key, PostgresState.url() + "?currentSchema=" + name
                    + (query.isEmpty() ? "" : "&" + query.replaceAll("currentSchema=\\w+&?", "")));
            String bean = key.substring(0, key.length() - urlName.length());
            overridden.put(bean + (urlName.equals(".jdbcUrl") ? ".username" : ".user"), "postgres");
            if (properties.containsKey(bean + ".password")) {
                overridden.put(bean + ".password", "trust"); // the test server trusts local connections
            }
        }
    }

    /** The docs' model in the test PostgreSQL database, schema docs_warehouse. */
    private static String postgresWarehouse() throws Exception {
        DataSource postgres = PostgresState.dataSourceOrSkip();
        try (Connection c = postgres.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS docs_warehouse CASCADE");
            s.execute("CREATE SCHEMA docs_warehouse");
            s.execute("SET search_path TO docs_warehouse");
            try (var in = DocsExampleRunner.class.getResourceAsStream("/docs/warehouse.sql")) {
                for (String statement : new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .replaceAll("(?m)^--.*$", "")
                        .split(";")) {
                    if (!statement.isBlank()) {
                        s.execute(statement);
                    }
                }
            }
        }
        return PostgresState.url() + "?currentSchema=docs_warehouse";
    }

    private static List<String> placeholders(String code) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\\{\\{([\\w.-]+)}}").matcher(code);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private IterableEmulator emulator(DocsExample example) {
        String project = example.settings().getOrDefault("project", "email");
        IterableEmulator emulator = emulators.get(project);
        if (emulator == null) {
            throw new AssertionError(example.where() + ": no emulator for project=" + project);
        }
        return emulator;
    }

    /** {{env:ITERABLE_API_KEY}} resolves to the emulator's key; other variables as Camel resolves them. */
    private static void env(CamelContext camel, IterableEmulator emulator) {
        camel.getPropertiesComponent().addPropertiesFunction(new PropertiesFunction() {
            @Override
            public String getName() {
                return "env";
            }

            @Override
            public String apply(String remainder) {
                String name = remainder.contains(":") ? remainder.substring(0, remainder.indexOf(':')) : remainder;
                if ("ITERABLE_API_KEY".equals(name)) {
                    return emulator.apiKey();
                }
                String value = System.getenv(name);
                return value != null ? value : remainder.contains(":") ? remainder.substring(remainder.indexOf(':') + 1) : null;
            }
        });
    }

    /** Iterable already knows the customers (email, userId and first name), as before a change or deletion. */
    private static void given(IterableEmulator emulator) {
        List<Map<String, Object>> users = List.of(
                Map.of("email", "ann@example.com", "userId", "u-1", "dataFields", Map.of("firstName", "Ann")),
                Map.of("email", "bob@example.com", "userId", "u-2", "dataFields", Map.of("firstName", "Bob")),
                Map.of("email", "cyd@example.com", "userId", "u-3", "dataFields", Map.of("firstName", "Cyd")));
        var reply = new EmulatorHttp(emulator).post("/api/users/bulkUpdate", Map.of("users", users));
        if (reply.status() != 200) {
            throw new IllegalStateException("seeding the emulator: " + reply.body());
        }
    }

    static DataSource warehouse(Database database) throws Exception {
        JdbcDataSource h2 = h2("docs-" + UUID.randomUUID(), database.urlOptions);
        try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
            s.execute("RUNSCRIPT FROM 'classpath:docs/warehouse.sql'");
        }
        return h2;
    }

    private static JdbcDataSource h2(String name, String options) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1" + options);
        h2.setUser("sa");
        return h2;
    }

    private static void shutdown(DataSource dataSource) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }
}
