package io.github.cameliterable.examples.quarkus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import io.github.cameliterable.emulator.IterableEmulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the Iterable emulator before Quarkus and points the application's API key and base URI at it, with a fresh
 * state directory, so that a second build does not find the first one's records already synced.
 */
public class EmulatorResource implements QuarkusTestResourceLifecycleManager {
    static IterableEmulator emulator;
    private Path state;

    @Override
    public Map<String, String> start() {
        try {
            state = Files.createTempDirectory("camel-iterable-quarkus-state");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        emulator = IterableEmulator.builder().apiKey("quarkus-example-key").start();
        return Map.of("camel.component.iterable.api-key", emulator.apiKey(),
                "camel.component.iterable.base-uri", emulator.baseUri(),
                "camel.component.iterable.state-directory", state.toString());
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.close();
        }
        if (state != null) {
            try (Stream<Path> files = Files.walk(state)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
