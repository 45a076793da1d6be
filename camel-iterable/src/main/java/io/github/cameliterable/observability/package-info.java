/**
 * Metrics of each endpoint's sync, summed for Camel's management (the endpoint's managed attributes) and sent to
 * Micrometer when the application has a {@code MeterRegistry}. Reads {@code sync} (the report) and {@code client}
 * (the calls); never imports the Camel shell, and nothing below the shell imports it.
 */
package io.github.cameliterable.observability;
