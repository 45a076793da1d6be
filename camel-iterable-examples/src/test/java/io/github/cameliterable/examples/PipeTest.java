package io.github.cameliterable.examples;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import io.github.cameliterable.IterableComponent;
import io.github.cameliterable.IterableEndpoint;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static io.github.cameliterable.examples.KameletsTest.at;
import static io.github.cameliterable.examples.KameletsTest.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Camel K Pipes: each parses as a Pipe whose sink is one of our Kamelets, given every required property and only
 * properties it defines; then the sink part runs as Camel K would wire it ({@code kamelet:<sink>?<properties>}, the
 * placeholders from the mounted Secret) against the emulator, fed a row as the SQL source sends it (a JSON object).
 */
class PipeTest {

    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path state;

    static List<String> pipes() throws Exception {
        URL dir = PipeTest.class.getClassLoader().getResource("pipes");
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            return files.map(f -> "pipes/" + f.getFileName()).sorted().toList();
        }
    }

    @Test
    void everyPipeReferencesAKameletWithItsRequiredProperties() throws Exception {
        List<String> pipes = pipes();
        assertFalse(pipes.isEmpty());
        for (String pipe : pipes) {
            Map<String, Object> yaml = load(pipe);
            assertEquals("camel.apache.org/v1", yaml.get("apiVersion"), pipe);
            assertEquals("Pipe", yaml.get("kind"), pipe);
            assertTrue(((String) at(yaml, "metadata", "name")).matches("[a-z0-9-]+"), pipe);
            assertEquals("Kamelet", at(yaml, "spec", "source", "ref", "kind"), pipe);
            assertEquals("Kamelet", at(yaml, "spec", "sink", "ref", "kind"), pipe);
            assertEquals("camel.apache.org/v1", at(yaml, "spec", "sink", "ref", "apiVersion"), pipe);

            String sink = at(yaml, "spec", "sink", "ref", "name");
            assertTrue(KameletsTest.KAMELETS.contains(sink), pipe + ": unknown sink " + sink);
            Map<String, Object> kamelet = load("kamelets/" + sink + ".kamelet.yaml");
            List<String> required = at(kamelet, "spec", "definition", "required");
            Map<String, Object> defined = at(kamelet, "spec", "definition", "properties");
            Map<String, Object> given = at(yaml, "spec", "sink", "properties");
            List<String> problems = new ArrayList<>();
            required.stream().filter(r -> !given.containsKey(r)).forEach(r -> problems.add("missing required " + r));
            given.keySet().stream().filter(g -> !defined.containsKey(g)).forEach(g -> problems.add("unknown " + g));
            assertTrue(problems.isEmpty(), pipe + ": " + problems);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theUsersPipesSinkSyncsARowFromTheSqlSource() throws Exception {
        Map<String, Object> pipe = load("pipes/warehouse-customers-to-iterable.yaml");
        String sink = at(pipe, "spec", "sink", "ref", "name");
        Map<String, Object> properties = at(pipe, "spec", "sink", "properties");

        CamelContext camel = new DefaultCamelContext();
        // what the mounted Secret provides, and the emulator in place of the Iterable region the Pipe names
        Properties secret = new Properties();
        secret.setProperty("iterable-api-key", iterable.emulator().apiKey());
        camel.getPropertiesComponent().setInitialProperties(secret);
        camel.getComponent("iterable", IterableComponent.class).getConfiguration().setStateDirectory(state.toString());
        StringBuilder uri = new StringBuilder("kamelet:" + sink + "?baseUri=RAW(" + iterable.emulator().baseUri() + ")");
        properties.forEach((key, value) -> uri.append('&')
                .append(key)
                .append("=RAW(")
                .append(camel.resolvePropertyPlaceholders(String.valueOf(value)))
                .append(')'));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:pipe").to(uri.toString());
            }
        });
        camel.start();
        try {
            String row = "{\"email\":\"ada@example.com\",\"first_name\":\"Ada\",\"city\":\"Paris\",\"plan\":\"pro\"}";
            // the sink's durable intake: the row's exchange completes once the row is queued, and is sent after
            SyncReport report = camel.createProducerTemplate().requestBody("direct:pipe", row, SyncReport.class);
            assertEquals(1, report.getQueued(), report.toString());
            assertEquals("warehouse-customers", report.getSyncId());
            for (int i = 0; i < 300 && iterable.emulator().user("ada@example.com").isEmpty(); i++) {
                Thread.sleep(50);
            }
            Map<String, Object> fields = (Map<String, Object>) iterable.emulator()
                    .user("ada@example.com")
                    .orElseThrow()
                    .get("dataFields");
            assertEquals("Ada", fields.get("firstName"));
            assertEquals(Map.of("city", "Paris"), fields.get("address"));
            assertEquals("pro", fields.get("plan"));
            // once the sent row is stored, the same row again: queued, then found unchanged, nothing sent
            IterableEndpoint endpoint = camel.getEndpoints()
                    .stream()
                    .filter(IterableEndpoint.class::isInstance)
                    .map(IterableEndpoint.class::cast)
                    .findFirst()
                    .orElseThrow();
            // summed over runs: the accepting exchange's own report (queued=1) may end after the background chunk's,
            // which the RocksDB intake claims at once, so the last report is not the one to wait for
            for (int i = 0; i < 300 && endpoint.getRecords().getOrDefault("succeeded", 0L) == 0; i++) {
                Thread.sleep(50);
            }
            long requests = iterable.emulator().requestCount("/api/users/bulkUpdate");
            camel.createProducerTemplate().requestBody("direct:pipe", row, SyncReport.class);
            for (int i = 0; i < 300 && endpoint.getRecords().getOrDefault("unchanged", 0L) == 0; i++) {
                Thread.sleep(50);
            }
            assertEquals(1L, endpoint.getRecords().get("unchanged"), endpoint.getRecords().toString());
            assertEquals(requests, iterable.emulator().requestCount("/api/users/bulkUpdate"));
        } finally {
            camel.stop();
        }
    }
}
