package io.github.cameliterable.examples.quarkus;

import java.util.Map;

import io.github.cameliterable.emulator.IterableEmulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts the Iterable emulator before Quarkus and points the application's API key and base URI at it. */
public class EmulatorResource implements QuarkusTestResourceLifecycleManager {
    static IterableEmulator emulator;

    @Override
    public Map<String, String> start() {
        emulator = IterableEmulator.builder().apiKey("quarkus-example-key").start();
        return Map.of("camel.component.iterable.api-key", emulator.apiKey(),
                "camel.component.iterable.base-uri", emulator.baseUri(),
                "camel.component.iterable.state-directory", "target/camel-iterable-state");
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }
}
