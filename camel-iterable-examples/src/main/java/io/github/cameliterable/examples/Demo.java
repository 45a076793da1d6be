package io.github.cameliterable.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import io.github.cameliterable.IterableSyncException;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/**
 * The demo: an H2 in-memory warehouse synced into Iterable by the examples' eight routes (all seven sync types),
 * twice, with changes to the warehouse in between; prints both runs' reports side by side and what Iterable holds.
 *
 * <p>
 * Without {@code ITERABLE_API_KEY} it starts an {@link IterableEmulator} in this process (Iterable's rate limits on)
 * and syncs into it. With {@code ITERABLE_API_KEY} (and optionally {@code ITERABLE_REGION=US|EU}) it syncs into that
 * real project instead and starts no emulator. The change-detection state lives in a fresh temporary directory that
 * is deleted at the end, so every demo run starts from scratch.
 */
public final class Demo {
    private final PrintStream out;

    private Demo(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        // camel-iterable's test-jar (the emulator) carries a logback-test.xml, which logback prefers to any
        // logback.xml: name the demo's configuration explicitly, before the first logger exists
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "demo-logback.xml");
        }
        run(System.out, System.getenv());
    }

    /**
     * Runs the demo, printing to {@code out}; {@code env} is where {@code ITERABLE_API_KEY} and {@code ITERABLE_REGION}
     * are looked up.
     */
    public static void run(PrintStream out, Map<String, String> env) throws Exception {
        new Demo(out).run(env);
    }

    private void run(Map<String, String> env) throws Exception {
        String apiKey = env.get("ITERABLE_API_KEY");
        boolean real = apiKey != null && !apiKey.isBlank();
        String region = env.getOrDefault("ITERABLE_REGION", "US").toUpperCase(Locale.ROOT);
        Path state = Files.createTempDirectory("camel-iterable-demo-");
        Warehouse warehouse = Warehouse.create("demo-" + java.util.UUID.randomUUID());
        // the demo checks the component, not Iterable's spec (the tests do): no contract validation here
        IterableEmulator emulator = real ? null : IterableEmulator.builder().contractMode(false).start();
        Main main = new Main();
        try {
            main.bind("warehouse", warehouse.dataSource());
            SyncRoutes.all().forEach(sync -> main.configure().addRoutesBuilder(sync.javaRoute()));
            main.addInitialProperty("examples.schedule.enabled", "false"); // the demo runs the syncs itself
            // the key reaches the component through a placeholder, as it would from {{env:ITERABLE_API_KEY}}
            main.addInitialProperty("demo.api-key", real ? apiKey : emulator.apiKey());
            main.addInitialProperty("camel.component.iterable.api-key", "{{demo.api-key}}");
            if (real) {
                main.addInitialProperty("camel.component.iterable.region", region);
            } else {
                main.addInitialProperty("camel.component.iterable.base-uri", emulator.baseUri());
            }
            main.addInitialProperty("camel.component.iterable.state-directory", state.toString());
            main.start();

            out.println("camel-iterable demo: an H2 warehouse -> " + (real
                    ? "your Iterable project (" + region + " region)"
                    : "the Iterable emulator at " + emulator.baseUri() + " (email project, Iterable's rate limits on)"));
            out.println("warehouse: " + warehouse.count("customers") + " customers, " + warehouse.count("app_events")
                    + " events, " + warehouse.count("orders") + " orders, " + warehouse.count("carts") + " carts, "
                    + warehouse.count("products") + " products, " + warehouse.count("segment_members")
                    + " segment members, " + warehouse.count("email_changes") + " email changes, "
                    + warehouse.count("deletion_requests") + " deletion requests");
            out.println("state: " + state + " (fresh for this demo, deleted at the end)");

            ProducerTemplate template = main.getCamelContext().createProducerTemplate();
            Map<String, SyncReport> first = runAll(template, 1);
            warehouse.run(Warehouse.CHANGES);
            out.println("changes: 3 customers upgraded, 2 signed up, 2 deleted, 2 emails moved; 20 events; 2 orders;"
                    + " 2 carts added, 1 changed; 1 price changed, 1 product added, 1 discontinued;"
                    + " segment -1 +1; 1 email change; 1 deletion request");
            Map<String, SyncReport> second = runAll(template, 2);

            printReports(first, second);
            printFailures(first, second);
            if (!real) {
                printEmulator(emulator);
            }
        } finally {
            main.stop();
            if (emulator != null) {
                emulator.close();
            }
            warehouse.close();
            deleteRecursively(state);
        }
    }

    private Map<String, SyncReport> runAll(ProducerTemplate template, int run) {
        Map<String, SyncReport> reports = new LinkedHashMap<>();
        long start = System.nanoTime();
        for (SyncRoutes.Sync sync : SyncRoutes.all()) {
            reports.put(sync.name(), run(template, sync.name()));
        }
        out.printf("run %d: %d syncs in %.1f s%n", run, reports.size(), (System.nanoTime() - start) / 1e9);
        return reports;
    }

    /** One sync; a run that failed as a whole (IterableSyncException) still has its report. */
    private SyncReport run(ProducerTemplate template, String name) {
        try {
            return template.requestBody("direct:" + name, null, SyncReport.class);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof IterableSyncException failed && failed.getReport() != null) {
                out.println("  " + name + ": " + failed.getMessage());
                return failed.getReport();
            }
            throw e;
        }
    }

    private void printReports(Map<String, SyncReport> first, Map<String, SyncReport> second) {
        Map<String, ToLongFunction<SyncReport>> columns = new LinkedHashMap<>();
        columns.put("new", SyncReport::getNew);
        columns.put("changed", SyncReport::getChanged);
        columns.put("unchanged", SyncReport::getUnchanged);
        columns.put("removed", SyncReport::getRemoved);
        columns.put("sent", SyncReport::getSent);
        columns.put("succeeded", SyncReport::getSucceeded);
        columns.put("failed", SyncReport::getFailed);
        columns.put("skipped", SyncReport::getSkipped);
        columns.put("calls", SyncReport::getApiCalls);

        out.println();
        out.println("Reports, each cell 'run 1 | run 2':");
        StringBuilder header = new StringBuilder(String.format("%-26s", "sync (type)"));
        columns.keySet().forEach(c -> header.append(center(c, 13)));
        out.println(header.toString().stripTrailing());
        for (SyncRoutes.Sync sync : SyncRoutes.all()) {
            SyncReport r1 = first.get(sync.name());
            SyncReport r2 = second.get(sync.name());
            StringBuilder line = new StringBuilder(String.format("%-26s", sync.name().equals(sync.syncType())
                    ? sync.name()
                    : sync.name() + " (" + sync.syncType() + ")"));
            columns.values().forEach(f -> line.append(String.format("%6d | %-4d", f.applyAsLong(r1), f.applyAsLong(r2))));
            out.println(line.toString().stripTrailing());
        }
    }

    private static String center(String text, int width) {
        int left = (width - text.length()) / 2;
        return " ".repeat(Math.max(0, left)) + text + " ".repeat(Math.max(0, width - left - text.length()));
    }

    private void printFailures(Map<String, SyncReport> first, Map<String, SyncReport> second) {
        List<String> lines = new ArrayList<>();
        first.forEach((name, r) -> r.getFailures().forEach(f -> lines.add("run 1 " + name + ": " + f)));
        second.forEach((name, r) -> r.getFailures().forEach(f -> lines.add("run 2 " + name + ": " + f)));
        if (!lines.isEmpty()) {
            out.println();
            out.println("Failed records:");
            lines.stream().limit(10).forEach(l -> out.println("  " + l));
            if (lines.size() > 10) {
                out.println("  ... " + (lines.size() - 10) + " more");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void printEmulator(IterableEmulator iterable) {
        out.println();
        out.println("The emulator now holds:");
        List<Map<String, Object>> users = iterable.users();
        out.println("  users: " + users.size() + ", for example:");
        for (String email : List.of("customer1@example.com", "customer10@example.com", "customer191.new@example.com",
                "customer202@example.com")) {
            iterable.user(email).ifPresent(u -> {
                Map<String, Object> fields = (Map<String, Object>) u.getOrDefault("dataFields", Map.of());
                Object address = fields.get("address");
                out.printf("    %-28s firstName=%-8s plan=%-4s lifetimeValue=%-7s address=%s%n", u.get("email"),
                        fields.get("firstName"), fields.get("plan"), fields.get("lifetimeValue"), address);
            });
        }
        long updateCart = iterable.events().stream().filter(e -> "updateCart".equals(e.get("eventName"))).count();
        out.println("  events: " + (iterable.events().size() - updateCart) + " custom + " + updateCart
                + " updateCart; purchases: " + iterable.purchases().size());
        long carts = users.stream().filter(u -> {
            Object fields = u.get("dataFields");
            Object items = fields instanceof Map<?, ?> m ? m.get("shoppingCartItems") : null;
            return items instanceof List<?> l && !l.isEmpty();
        }).count();
        out.println("  users with items in their shopping cart: " + carts + " (a purchase empties the cart, as in Iterable)");
        Map<String, Map<String, Object>> products = iterable.catalogItems("products");
        out.println("  catalog 'products': " + products.size() + " items; sku-001 " + products.get("sku-001")
                + "; sku-050 " + (products.containsKey("sku-050") ? "present" : "deleted"));
        iterable.lists().forEach((name, id) -> {
            var members = iterable.listMembers(id);
            out.println("  list '" + name + "' (id " + id + "): " + members.size() + " members; customer4 "
                    + (members.contains("customer4@example.com") ? "in" : "out") + ", customer182 "
                    + (members.contains("customer182@example.com") ? "in" : "out"));
        });
        out.println("  emails moved: " + Stream.of("customer191", "customer192", "customer193")
                .filter(c -> iterable.user(c + ".new@example.com").isPresent()
                        && iterable.user(c + "@example.com").isEmpty())
                .toList());
        out.println("  deleted users: " + iterable.deleted() + "; forgotten: " + iterable.forgotten());
        out.println("  requests: " + iterable.requests().size() + " (" + iterable.count429() + " answered 429 and retried)");
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
