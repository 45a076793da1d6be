package io.github.cameliterable.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.emulator.FaultPlan;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;

/**
 * A long sync under faults, not run in CI: {@code rounds} snapshot runs of {@code users} users into an emulator with
 * Iterable's rate limits on, Retry-After, 10% 429, 5% 5xx, 1% connection resets and 413 above 1 MB, the component's
 * default retry settings. Each round changes 10% of the users and drops 1% (deleteBehavior=delete), then checks
 * Iterable against the model and prints the figures. Exits 1 when a record was lost.
 * <pre>
 * mvn -B -pl camel-iterable test-compile exec:java -Dexec.skip=false -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.github.cameliterable.reliability.Soak -Dexec.args="200000 10"
 * </pre>
 */
public final class Soak {
    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        FaultPlan faults = FaultInjectionSuiteTest.faults(System.nanoTime());
        Path state = Files.createTempDirectory("camel-iterable-soak");
        long lostTotal = 0;
        try (IterableEmulator iterable = IterableEmulator.builder()
                .apiKey(Reliability.API_KEY)
                .rateLimits(true)
                .retryAfter(true)
                .contractMode(false)
                .faults(faults)
                .start();
                SyncHarness harness = new SyncHarness(iterable, state, null)) {
            harness.route("users", "iterable:users?snapshot=true&deleteBehavior=delete");
            System.out.printf("soak: %d users, %d rounds, state in %s%n", users, rounds, state);
            Map<String, Map<String, Object>> model = new HashMap<>();
            for (int i = 1; i <= users; i++) {
                model.put(Reliability.email(i), Reliability.user(i));
            }
            int nextId = users + 1;
            Map<String, String> pendingFailures = new HashMap<>();
            for (int round = 1; round <= rounds; round++) {
                if (round > 1) {
                    int changes = 0;
                    int drops = 0;
                    List<String> keys = new ArrayList<>(model.keySet());
                    for (String key : keys) {
                        int dice = Math.floorMod((key + round).hashCode(), 100);
                        if (dice < 10) {
                            model.get(key).put("visits", round * 1000 + dice);
                            changes++;
                        } else if (dice == 10) {
                            model.remove(key);
                            drops++;
                        }
                    }
                    for (int i = 0; i < drops; i++) {
                        Map<String, Object> added = Reliability.user(nextId++);
                        model.put((String) added.get("email"), added);
                    }
                    System.out.printf("round %d: %d changed, %d dropped, %d added%n", round, changes, drops, drops);
                }
                long calls = iterable.requests().size();
                long refused = iterable.count429();
                SyncReport report = harness.sync("users", new ArrayList<>(model.values()));
                pendingFailures.clear();
                report.getFailures().forEach(f -> pendingFailures.put(f.primaryKey(), f.reason()));

                // every model row is in Iterable with its values, or failed in this run's report
                long lost = 0;
                long stale = 0;
                for (Map.Entry<String, Map<String, Object>> row : model.entrySet()) {
                    var user = iterable.user(row.getKey());
                    if (user.isEmpty()) {
                        lost++;
                    } else {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> fields = (Map<String, Object>) user.get().get("dataFields");
                        if (!row.getValue().get("visits").equals(((Number) fields.get("visits")).intValue())) {
                            stale++;
                        }
                    }
                }
                long unexplained = Math.max(0, lost + stale - report.getFailed());
                lostTotal += unexplained;
                System.out.printf("round %d: records %d, sent %d, succeeded %d, failed with reason %d, removed %d, "
                        + "lost %d, retries %d, 429s %d (emulator %d), API calls %d, %d ms%n",
                        round, report.getReceived(), report.getSent(), report.getSucceeded(), report.getFailed(),
                        report.getRemoved(), unexplained, report.getRetries(), report.getRateLimited(),
                        iterable.count429() - refused, iterable.requests().size() - calls, report.getDuration().toMillis());
                report.getFailures().stream().limit(3).forEach(f -> System.out.println("  " + f));
            }
            System.out.printf("soak done: lost %d%n", lostTotal);
        }
        System.exit(lostTotal == 0 ? 0 : 1);
    }
}
