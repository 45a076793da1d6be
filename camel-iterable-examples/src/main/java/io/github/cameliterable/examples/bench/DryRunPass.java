package io.github.cameliterable.examples.bench;

import java.nio.file.Path;
import java.util.function.LongSupplier;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.util.CaseInsensitiveMap;

/**
 * Scenario 3's dry run ({@code -Dvariant=hash|plain}) on a CamelContext of its own; each call runs one model of
 * {@code -Drows} users and returns how many it read. {@link DryRunBench} runs it; {@link AbBench} makes one in each
 * build's own class loader, so that it runs that build's component. With {@code -Dshape=warehouse} each row comes as a
 * JDBC component hands it over: Camel's {@link CaseInsensitiveMap} with upper-case column names (camel-jdbc's rows;
 * camel-sql's are Spring's map that ignores case) and the driver's types (a Timestamp, a BigDecimal, a null: see
 * {@code warehouseRow}), where the default is a {@code LinkedHashMap} of the names as sent.
 */
public final class DryRunPass implements LongSupplier, AutoCloseable {
    private final long rows;
    private final String variant;
    private final boolean warehouse = "warehouse".equals(System.getProperty("shape"));
    private final Path state;
    private final LimitsStub sink = new LimitsStub(false);
    private final CamelContext camel;

    /** {@link AbBench}'s: the variant and rows from the system properties (500,000 rows by default). */
    public DryRunPass() throws Exception {
        this(System.getProperty("variant", "hash"), Bench.longProperty("rows", 500_000), "bench-ab");
    }

    /** Passes of {@code rows} users, the sync id and state directory named by {@code name}. */
    DryRunPass(String variant, long rows, String name) throws Exception {
        this.variant = variant;
        this.rows = rows;
        this.state = Bench.tempDirectory(name);
        Bench.quietLogs();
        camel = Bench.camel(sink.baseUri(), "bench-api-key", state, new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:plain").to("iterable:users?dryRun=true&changeDetection=false");
                from("direct:hash").to("iterable:users?dryRun=true&syncId=" + name);
            }
        }, component -> component.getRateLimits().setEnabled(false));
    }

    @Override
    public long getAsLong() {
        Bench.sync(camel, variant, warehouse ? Bench.rows(rows, i -> false, DryRunPass::warehouseRow) : Bench.users(rows));
        return rows;
    }

    /**
     * A user row as a JDBC driver and component give it: upper-case names (the same strings row after row, as a
     * driver's column labels are), in a map that ignores their case, and the driver's types: the signup date a
     * {@link java.sql.Timestamp} (a TIMESTAMP column), the lifetime value a {@link java.math.BigDecimal} of two places (a
     * NUMERIC), the favourite category null in one row of ten.
     */
    static java.util.Map<String, Object> warehouseRow(long i) {
        CaseInsensitiveMap row = new CaseInsensitiveMap();
        Bench.userRow(i, 0)
                .forEach((name, value) -> row.put(UPPER.computeIfAbsent(name,
                        n -> n.toUpperCase(java.util.Locale.ROOT)), driverValue(name, value, i)));
        return row;
    }

    /** A value of {@link Bench#userRow} as a driver reads its column. */
    private static Object driverValue(String name, Object value, long i) {
        return switch (name) {
            case "signupDate" -> new java.sql.Timestamp(
                    java.time.LocalDate.of(2024, (int) (1 + i % 9), (int) (10 + i % 10)).toEpochDay() * 86_400_000L);
            case "lifetimeValue" -> java.math.BigDecimal.valueOf(i % 100_000, 2);
            case "favoriteCategory" -> i % 10 == 0 ? null : value;
            default -> value;
        };
    }

    private static final java.util.Map<String, String> UPPER = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void close() throws Exception {
        camel.close();
        sink.close();
        Bench.deleteRecursively(state);
    }
}
