package io.github.cameliterable.scale;

import java.util.List;

import io.github.cameliterable.support.LocalRedis;
import io.github.cameliterable.support.PostgresState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small {@link ScaleOut}: three JVMs (child processes), state in PostgreSQL, 1,000 users whose budget is kept in
 * PostgreSQL and 1,000 events whose budget is kept in Redis, in batches of 50 (20 requests each): every record lands
 * once, the three JVMs took turns, and Iterable refused (429) at most one request in five: on a test machine at load
 * 20 to 40 a JVM held up for a second sends its due requests together (up to 3 of 20 were refused in this session's
 * runs). The JVMs keep together to 80% of the limits ({@code rateLimit=4} and {@code 8}), which gives such late
 * requests some room in Iterable's bucket; without a shared budget each JVM would send at 80% of the limit, three of
 * them at 240%, and more than half of the requests would be refused. The full figures (300,000 of each, at the published limits, zero 429s, the rate
 * as a share of the limit) come from {@link ScaleOut#main}.
 */
class ScaleOutTest {

    @Test
    void threeJvmsShareOneBudgetInPostgresqlAndOneInRedis() throws Exception {
        PostgresState.dataSourceOrSkip();
        String eventsRateLimiter = LocalRedis.isUp() ? "redis" : "postgresql";
        if (eventsRateLimiter.equals("postgresql")) {
            System.out.println("Redis at 127.0.0.1:6379 not reachable: the events' budget is kept in PostgreSQL too");
        }
        int records = 1_000;
        try (FakeIterableProject project = new FakeIterableProject(ScaleOut.API_KEY, FakeIterableProject.Rule.BUCKET)) {
            ScaleOut.Outcome outcome = ScaleOut.run(project, "postgresql", eventsRateLimiter, 3, records, 50, 0.8);
            assertEquals(List.of(0, 0, 0), outcome.exitCodes(), "every JVM synced all its records: " + outcome.results());
            for (FakeIterableProject.Endpoint endpoint : List.of(outcome.users(), outcome.events())) {
                // a JVM held up by a loaded test machine sends its due requests together; unshared, most are refused
                assertTrue(endpoint.tooMany.get() * 5 <= endpoint.requests(), "429s: " + endpoint.refusals + " "
                                                                               + outcome.results());
                assertEquals(records, endpoint.records.get(), "each record once");
                assertEquals(records, endpoint.distinct.size(), "each record once");
                assertEquals(3, endpoint.requestsBySender.size(), "all three JVMs sent: " + endpoint.requestsBySender);
            }
        }
    }
}
