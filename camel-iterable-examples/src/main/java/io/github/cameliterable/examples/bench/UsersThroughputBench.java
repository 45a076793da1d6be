package io.github.cameliterable.examples.bench;

/**
 * Scenario 1: users through {@code users/bulkUpdate} (5 requests/s, 4 MB), about 250 bytes of JSON per user.
 * <pre>
 * mvn -B -q -pl camel-iterable-examples exec:java \
 *   -Dexec.mainClass=io.github.cameliterable.examples.bench.UsersThroughputBench [-Drows=1000000 -DcountRows=100000 -DhttpRows=20000]
 * </pre>
 */
public final class UsersThroughputBench {
    private UsersThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        Throughput.run(new Throughput.Spec("Scenario 1: users/bulkUpdate under Iterable's limits (5 req/s, 4 MB)",
                "iterable:users", "/api/users/bulkUpdate", 5, "{\"users\":[", "]}",
                "/api/users/update", 500, i -> Bench.userRow(i, 0), Throughput::userUpdateBody));
        System.exit(0);
    }
}
