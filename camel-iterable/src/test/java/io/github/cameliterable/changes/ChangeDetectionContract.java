package io.github.cameliterable.changes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.github.cameliterable.emulator.FaultPlan;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs over the emulator: what is sent in each run, what leaves Iterable, what survives a restart. Runs against the
 * embedded H2 store and against PostgreSQL (subclasses).
 */
abstract class ChangeDetectionContract {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path stateDirectory;

    SyncHarness harness;

    /** Null for the embedded store. */
    abstract DataSource dataSource();

    @BeforeEach
    void harness() {
        harness = new SyncHarness(iterable.emulator(), stateDirectory, dataSource());
    }

    @AfterEach
    void close() {
        if (harness != null) { // null when the PostgreSQL variant was skipped
            harness.close();
        }
    }

    static Map<String, Object> customer(int id, String plan) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("email", "c" + id + "@example.com");
        row.put("plan", plan);
        row.put("visits", id);
        return row;
    }

    static List<Map<String, Object>> customers(int from, int to, String plan) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            rows.add(customer(i, plan));
        }
        return rows;
    }

    private IterableEmulator emulator() {
        return iterable.emulator();
    }

    private long bulkUpdates() {
        return emulator().requestCount("/api/users/bulkUpdate");
    }

    @Test
    void threeRunsSendExactlyTheDelta() {
        harness.route("users", "iterable:users?snapshot=true");
        SyncReport first = harness.sync("users", customers(1, 10, "free"));
        assertEquals(10, first.getNew(), first.toString());
        assertEquals(10, first.getSent());
        assertEquals(10, first.getSucceeded());
        assertEquals(10, emulator().users().size());

        // c3 changes, c11 is added, c10 leaves the model
        List<Map<String, Object>> second = customers(1, 9, "free");
        second.set(2, customer(3, "pro"));
        second.add(customer(11, "free"));
        long before = bulkUpdates();
        SyncReport run2 = harness.sync("users", second);
        assertEquals(1, run2.getNew(), run2.toString());
        assertEquals(1, run2.getChanged());
        assertEquals(8, run2.getUnchanged());
        assertEquals(1, run2.getRemoved());
        assertEquals(2, run2.getSent());
        assertEquals(1, bulkUpdates() - before);
        assertEquals("pro", dataFields("c3@example.com").get("plan"));
        assertTrue(emulator().user("c11@example.com").isPresent());
        // deleteBehavior=nothing: c10 stays in Iterable as it was
        assertEquals("free", dataFields("c10@example.com").get("plan"));

        long beforeThird = emulator().requests().size();
        SyncReport run3 = harness.sync("users", second);
        assertEquals(10, run3.getUnchanged(), run3.toString());
        assertEquals(0, run3.getSent());
        assertEquals(0, run3.getRemoved());
        assertEquals(0, run3.getApiCalls());
        assertEquals(beforeThird, emulator().requests().size(), "run three makes no call");
    }

    @Test
    void deleteBehaviorClearSetsTheMappedFieldsToNull() {
        harness.route("users", "iterable:users?snapshot=true&deleteBehavior=clear&fields=plan,visits&maxRemovalPercent=100");
        harness.sync("users", customers(1, 3, "pro"));
        SyncReport run = harness.sync("users", customers(1, 2, "pro"));
        assertEquals(1, run.getRemoved(), run.toString());
        assertEquals(1, run.getSucceeded());
        Map<String, Object> fields = dataFields("c3@example.com");
        // Iterable drops a field set to null from the profile: cleared
        assertNull(fields.get("plan"), fields.toString());
        assertNull(fields.get("visits"), fields.toString());
        assertEquals("c3@example.com", emulator().user("c3@example.com").orElseThrow().get("email"));
        assertEquals("pro", dataFields("c2@example.com").get("plan"));
        // removed and acknowledged: the next run has nothing left to remove
        assertEquals(0, harness.sync("users", customers(1, 2, "pro")).getRemoved());
    }

    @Test
    void deleteBehaviorClearClearsADottedTargetWhereItIsNotItsWholeObject() {
        // another sync keeps account.visits; this one owns account.plan: clearing it sent "account": null
        harness.route("other", "iterable:users?syncId=visits&fields=visits:account.visits&mergeNestedObjects=true");
        harness.route("users", "iterable:users?snapshot=true&deleteBehavior=clear&fields=plan:account.plan"
                + "&mergeNestedObjects=true&maxRemovalPercent=100");
        harness.sync("other", customers(1, 3, "pro"));
        harness.sync("users", customers(1, 3, "pro"));
        assertEquals("{visits=3, plan=pro}", String.valueOf(dataFields("c3@example.com").get("account")));
        SyncReport run = harness.sync("users", customers(1, 2, "pro"));
        assertEquals(1, run.getRemoved(), run.toString());
        assertEquals(1, run.getSucceeded(), run.toString());
        Map<?, ?> account = (Map<?, ?>) dataFields("c3@example.com").get("account");
        assertEquals(3, ((Number) account.get("visits")).intValue(), account.toString());
        assertNull(account.get("plan"), account.toString());
        assertEquals("pro", ((Map<?, ?>) dataFields("c2@example.com").get("account")).get("plan"));
    }

    @Test
    void deleteBehaviorDeleteDeletesTheUser() {
        harness.route("users", "iterable:users?snapshot=true&deleteBehavior=delete&maxRemovalPercent=100");
        harness.sync("users", customers(1, 3, "pro"));
        SyncReport run = harness.sync("users", customers(2, 3, "pro"));
        assertEquals(1, run.getRemoved(), run.toString());
        assertEquals(1, run.getSucceeded());
        assertFalse(emulator().user("c1@example.com").isPresent());
        assertTrue(emulator().deleted().contains("c1@example.com"), emulator().deleted().toString());
        assertTrue(emulator().user("c2@example.com").isPresent());
    }

    @Test
    void deleteBehaviorNothingLeavesTheUserAsItWas() {
        harness.route("users", "iterable:users?snapshot=true&deleteBehavior=nothing");
        harness.sync("users", customers(1, 2, "pro"));
        SyncReport run = harness.sync("users", customers(2, 2, "pro"));
        assertEquals(1, run.getRemoved());
        assertEquals(0, run.getApiCalls());
        assertEquals("pro", dataFields("c1@example.com").get("plan"));
        assertTrue(emulator().deleted().isEmpty());
    }

    @Test
    void aFailedRecordIsSentAgainNextRunAnAcknowledgedOneIsNot() {
        harness.route("users", "iterable:users?snapshot=true&maxAttempts=1");
        harness.sync("users", customers(1, 2, "free"));
        emulator().faults(FaultPlan.builder()
                .seed(7)
                .endpoint("/api/users/bulkUpdate",
                        new FaultPlan.Rates(0, 1.0, 0, 0))
                .build());
        SyncReport failed = harness.sync("users", customers(1, 3, "free"));
        assertEquals(1, failed.getNew(), failed.toString());
        assertEquals(1, failed.getFailed());
        assertTrue(failed.getFailures().get(0).reason().contains("500"), failed.toString());
        emulator().faults(FaultPlan.none());

        SyncReport retried = harness.sync("users", customers(1, 3, "free"));
        assertEquals(1, retried.getNew(), "the failed record is still new: " + retried);
        assertEquals(2, retried.getUnchanged());
        assertEquals(1, retried.getSucceeded());
        assertTrue(emulator().user("c3@example.com").isPresent());
    }

    @Test
    void stateAndFirstSeenActionsSurviveARestart() {
        harness.route("users", "iterable:users?snapshot=true")
                .route("forget", "iterable:userActions?mode=delete");
        harness.sync("users", customers(1, 3, "free"));
        harness.sync("forget", List.of(Map.of("email", "c1@example.com")));
        assertEquals(List.of("c1@example.com"), emulator().deleted());

        harness.restart();
        SyncReport users = harness.sync("users", customers(1, 3, "free"));
        assertEquals(3, users.getUnchanged(), users.toString());
        assertEquals(0, users.getSent());
        SyncReport again = harness.sync("forget", List.of(Map.of("email", "c1@example.com")));
        assertEquals(0, again.getSent(), again.toString());
        assertEquals(List.of("c1@example.com"), emulator().deleted(), "the delete is not repeated");
    }

    @Test
    void duplicatePrimaryKeysAreReportedAndTheFirstWins() {
        harness.route("users", "iterable:users");
        SyncReport run = harness.sync("users", List.of(customer(1, "first"), customer(2, "x"), customer(1, "second")));
        assertEquals(1, run.getDuplicates(), run.toString());
        assertEquals(List.of("c1@example.com"), run.getDuplicateKeys());
        assertEquals(2, run.getSent());
        assertEquals("first", dataFields("c1@example.com").get("plan"));
    }

    @Test
    void dryRunSendsNothingAndStoresNothing() {
        harness.route("dry", "iterable:users?dryRun=true").route("users", "iterable:users");
        SyncReport dry = harness.sync("dry", customers(1, 3, "free"));
        assertTrue(dry.isDryRun());
        assertEquals(3, dry.getSent(), dry.toString());
        assertEquals(1, dry.getApiCalls(), "one request would be sent");
        assertEquals(0, emulator().users().size());
        assertEquals(0, bulkUpdates());
        SyncReport real = harness.sync("users", customers(1, 3, "free"));
        assertEquals(3, real.getNew(), real.toString());
        // a dry run classifies against the state: after the real run it would send only the change
        List<Map<String, Object>> changed = customers(1, 3, "free");
        changed.set(0, customer(1, "pro"));
        SyncReport preview = harness.sync("dry", changed);
        assertEquals(1, preview.getChanged(), preview.toString());
        assertEquals(2, preview.getUnchanged());
        assertEquals(1, preview.getSent());
        assertEquals("free", dataFields("c1@example.com").get("plan"));
        assertEquals(1, harness.sync("users", changed).getChanged(), "the dry run stored nothing");
    }

    /**
     * A customer whose fields are more than 64 KiB (a long note, as a CRM export has): a change to it is sent, and
     * another customer of the same size is its own record. The row hash of such a record was once taken over an empty
     * text, so every large record had one hash and a change to one was never sent.
     */
    @Test
    void aChangeToALargeRecordIsSent() {
        harness.route("users", "iterable:users");
        Map<String, Object> big = customer(1, "free");
        big.put("notes", "n".repeat(70_000));
        Map<String, Object> other = customer(2, "free");
        other.put("notes", "m".repeat(70_000));
        SyncReport first = harness.sync("users", List.of(big, other));
        assertEquals(2, first.getNew(), first.toString());

        Map<String, Object> changed = new LinkedHashMap<>(big);
        changed.put("notes", "n".repeat(69_999) + "!");
        SyncReport second = harness.sync("users", List.of(changed, other));
        assertEquals(1, second.getChanged(), second.toString());
        assertEquals(1, second.getUnchanged());
        assertEquals(1, second.getSent());
        assertTrue(((String) dataFields("c1@example.com").get("notes")).endsWith("!"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> dataFields(String email) {
        return (Map<String, Object>) emulator().user(email).orElseThrow().get("dataFields");
    }
}
