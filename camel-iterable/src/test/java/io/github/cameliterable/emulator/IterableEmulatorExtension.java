package io.github.cameliterable.emulator;

import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension running one {@link IterableEmulator} per test class, restored before each test (its state
 * cleared and its runtime switches, such as a fault plan or rate limits set during a test, back to the builder's:
 * {@link IterableEmulator#restore()}); a test during which the emulator saw a request that violates Iterable's API
 * contract fails.
 *
 * <pre>
 * &#64;RegisterExtension
 * static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();
 *
 * &#64;Test
 * void syncsUsers() {
 *     ... iterable.emulator().baseUri() ...
 *     assertEquals(2, iterable.emulator().users().size());
 * }
 * </pre>
 */
public final class IterableEmulatorExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
            .create(IterableEmulatorExtension.class);

    private final IterableEmulator.Builder builder;
    private IterableEmulator emulator;

    private IterableEmulatorExtension(IterableEmulator.Builder builder) {
        this.builder = builder;
    }

    /** Default emulator: email project, rate limits on, contract mode on when the spec is found. */
    public static IterableEmulatorExtension create() {
        return new IterableEmulatorExtension(IterableEmulator.builder());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The running emulator (started before the first test). */
    public IterableEmulator emulator() {
        if (emulator == null) {
            emulator = builder.start();
        }
        return emulator;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        emulator();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (emulator == null) {
            // registered on an instance field: no beforeAll, so close it with the test's store
            emulator();
            context.getStore(NAMESPACE).put("emulator", (AutoCloseable) this::stop);
        }
        emulator.restore();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<ContractViolation> violations = emulator.contractViolations();
        if (!violations.isEmpty() && context.getExecutionException().isEmpty()) {
            emulator.clearContractViolations();
            throw new AssertionError("Requests sent to the Iterable emulator violate Iterable's API contract:\n  "
                    + String.join("\n  ", violations.stream().map(ContractViolation::toString).toList()));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    private void stop() {
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == IterableEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return emulator();
    }

    /** Options of the extension's emulator: the same as {@link IterableEmulator.Builder}. */
    public static final class Builder {
        private final IterableEmulator.Builder emulator = IterableEmulator.builder();

        private Builder() {
        }

        public Builder apiKey(String apiKey) {
            emulator.apiKey(apiKey);
            return this;
        }

        public Builder projectType(ProjectType projectType) {
            emulator.projectType(projectType);
            return this;
        }

        public Builder rateLimits(boolean on) {
            emulator.rateLimits(on);
            return this;
        }

        public Builder retryAfter(boolean on) {
            emulator.retryAfter(on);
            return this;
        }

        public Builder retryAfterSeconds(int seconds) {
            emulator.retryAfterSeconds(seconds);
            return this;
        }

        public Builder faults(FaultPlan plan) {
            emulator.faults(plan);
            return this;
        }

        public Builder contractMode(boolean on) {
            emulator.contractMode(on);
            return this;
        }

        public Builder port(int port) {
            emulator.port(port);
            return this;
        }

        public Builder dailyForgetCap(int cap) {
            emulator.dailyForgetCap(cap);
            return this;
        }

        /** Any other option of the emulator's builder. */
        public Builder configure(Consumer<IterableEmulator.Builder> options) {
            options.accept(emulator);
            return this;
        }

        public IterableEmulatorExtension build() {
            return new IterableEmulatorExtension(emulator);
        }
    }
}
