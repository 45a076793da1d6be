package io.github.cameliterable.examples;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.cameliterable.IterableComponent;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.emulator.ProjectType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/deployment.md: every component option can be set by an environment variable
 * {@code CAMEL_COMPONENT_ITERABLE_<OPTION>} under Camel Main. Camel Main 4.22 alone ignores them for a component
 * outside its own catalog ("The Iterable API key is missing"); the component applies them. Each case runs
 * {@link EnvironmentMain} in a JVM of its own, since a JVM cannot change its own environment.
 */
class EnvironmentVariablesTest {

    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.builder()
            .projectType(ProjectType.USER_ID)
            .apiKey("environment-variables-key")
            .build();

    @TempDir
    Path state;

    private static String run(Map<String, String> environment, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EnvironmentMain.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("CAMEL_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the JVM did not end");
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    @Test
    void everyComponentOptionComesFromItsEnvironmentVariable() throws Exception {
        JsonNode catalog;
        try (InputStream in = IterableComponent.class.getResourceAsStream("/META-INF/io/github/cameliterable/iterable.json")) {
            catalog = new ObjectMapper().readTree(in);
        }
        Map<String, String> environment = new HashMap<>();
        Map<String, String> expected = new LinkedHashMap<>();
        catalog.path("componentProperties").fields().forEachRemaining(entry -> {
            String option = entry.getKey();
            JsonNode spec = entry.getValue();
            if ("configuration".equals(option)) {
                return;
            }
            String value = valueOtherThanTheDefault(option, spec);
            environment.put("CAMEL_COMPONENT_ITERABLE_" + option.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(),
                    value);
            expected.put(option, value.startsWith("#") ? "bean:" + switch (value) {
                case "#envDataSource" -> "JdbcDataSource";
                case "#envRepository" -> "MemoryIdempotentRepository";
                case "#envSsl" -> "SSLContextParameters";
                default -> "JdbcStateStore";
            } : "duration".equals(spec.path("type").asText()) ? "7000" : value);
        });
        List<String> args = new ArrayList<>(List.of("options"));
        args.addAll(expected.keySet());
        String output = run(environment, args);
        Map<String, String> actual = new LinkedHashMap<>();
        output.lines().filter(l -> l.startsWith("option ")).forEach(l -> {
            String pair = l.substring("option ".length());
            actual.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        });
        assertEquals(expected, actual, output);
        assertTrue(expected.size() >= 55, "every option of the catalog: " + expected.keySet());
    }

    /** A valid value for the option that differs from its default, so that only the variable can explain it. */
    private static String valueOtherThanTheDefault(String option, JsonNode spec) {
        String type = spec.path("type").asText();
        String javaType = spec.path("javaType").asText();
        String defaultValue = spec.path("defaultValue").asText("");
        return switch (type) {
            case "boolean" -> "true".equals(defaultValue) ? "false" : "true";
            case "integer" -> "7";
            case "duration" -> "7s"; // held in milliseconds
            case "enum" -> {
                List<String> values = new ArrayList<>();
                spec.path("enum").forEach(v -> values.add(v.asText()));
                yield values.stream().filter(v -> !v.equals(defaultValue)).reduce((a, b) -> b).orElseThrow();
            }
            case "object" -> javaType.endsWith("DataSource") ? "#envDataSource"
                    : javaType.endsWith("IdempotentRepository") ? "#envRepository"
                            : javaType.endsWith("SSLContextParameters") ? "#envSsl" : "#envStore";
            default -> option.equals("baseUri") ? "https://iterable.example.com" : "env-" + option;
        };
    }

    @Test
    void aSyncConfiguredOnlyByEnvironmentVariablesLands() throws Exception {
        String output = run(Map.of(
                "CAMEL_COMPONENT_ITERABLE_API_KEY", iterable.emulator().apiKey(),
                "CAMEL_COMPONENT_ITERABLE_BASE_URI", iterable.emulator().baseUri(),
                "CAMEL_COMPONENT_ITERABLE_PROJECT_TYPE", "userId",
                "CAMEL_COMPONENT_ITERABLE_STATE_DIRECTORY", state.toString(),
                "CAMEL_COMPONENT_ITERABLE_CALL_LOG", "true"), List.of("sync"));
        assertTrue(output.contains("report succeeded=3 failed=0"), output);
        assertEquals(3, iterable.emulator().users().size());
        assertEquals("pro", ((Map<?, ?>) iterable.emulator().userByUserId("u-1").orElseThrow().get("dataFields")).get("plan"));
        assertTrue(output.contains("POST /api/users/bulkUpdate attempt 1 -> 200"), "the call log at INFO: " + output);
        assertTrue(!output.contains(iterable.emulator().apiKey()), "the API key is never printed");
    }
}
