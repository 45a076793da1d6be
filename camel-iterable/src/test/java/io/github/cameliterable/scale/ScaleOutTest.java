package io.github.cameliterable.scale;

import java.util.List;

import io.github.cameliterable.support.LocalRedis;
import io.github.cameliterable.support.PostgresState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A small {@link ScaleOut}: three JVMs (child processes), state in PostgreSQL, 1,000 users whose budget is kept in
 * PostgreSQL and 1,000 events whose budget is kept in Redis, in batches of 50 (20 requests each), at Iterable's
 * published limits, into a project that refuses the {@code limit + 1}-th request within any one second: every record
 * lands once, the three JVMs took turns, and no request was refused. A call holds one of the limit's places from its
 * permit until its answer and a second more ({@code Places}), so a request that reaches the project late cannot crowd
 * a window; it fails only when a request is counted more than D (2 s) after its permit. Without a shared budget each
 * JVM would spend the whole limit, three times it together. The full figures (300,000 of each, the rate as a share of
 * the limit) come from {@link ScaleOut#main}.
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
        try (FakeIterableProject project = new FakeIterableProject(ScaleOut.API_KEY, FakeIterableProject.Rule.WINDOW)) {
            ScaleOut.Outcome outcome = ScaleOut.run(project, "postgresql", eventsRateLimiter, 3, records, 50, 1.0);
            assertEquals(List.of(0, 0, 0), outcome.exitCodes(), "every JVM synced all its records: " + outcome.results());
            for (FakeIterableProject.Endpoint endpoint : List.of(outcome.users(), outcome.events())) {
                assertEquals(0, endpoint.tooMany.get(), "429s: " + endpoint.refusals + " " + outcome.results());
                assertEquals(records, endpoint.records.get(), "each record once");
                assertEquals(records, endpoint.distinct.size(), "each record once");
                assertEquals(3, endpoint.requestsBySender.size(), "all three JVMs sent: " + endpoint.requestsBySender);
            }
        }
    }
}
