package io.github.cameliterable.examples.bench;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.emulator.ProjectType;

/**
 * The emulator alone: how many users a second it takes in on {@code users/bulkUpdate}, with the bodies built before
 * the clock starts and sent one at a time (as Iterable's limit has them), so that neither the component nor a
 * client's mapping shares the CPU with it. Bodies as the component packs them: users of about 250 bytes (the rows of
 * scenario 1), each body 4 MB less the component's 64 KB margin. The process's CPU time over the sending is printed
 * too (the emulator, the JDK's HTTP client and the garbage collector). The emulator checks its contract as a test's
 * does by default, every request in full ({@code -DcontractSample=10}: one request in ten, on its first hundred
 * records), and keeps every user. Its rate limits are off, so that the
 * figure is its capacity, not Iterable's limit: the goal is that capacity at or above the ceiling of about 83,000
 * users/s. {@code -Dtype=events} sends events (scenario 2's rows) to events/trackBulk instead, whose ceiling is
 * about 158,730 events/s.
 * <pre>
 * mvn -B -q -pl camel-iterable-examples exec:java \
 *   -Dexec.mainClass=io.github.cameliterable.examples.bench.EmulatorBench [-Drows=1000000 -DcontractSample=1 -DprojectType=EMAIL -Dtype=events]
 * </pre>
 */
public final class EmulatorBench {
    private static final long MAX_BODY = Bench.FOUR_MB - 64 * 1024;

    private EmulatorBench() {
    }

    /** What is sent: users to users/bulkUpdate (5 requests a second), or events to events/trackBulk (10). */
    private record Kind(String name, String path, String array, double ceiling) {
    }

    public static void main(String[] args) throws Exception {
        Bench.quietLogs();
        Kind kind = "events".equals(System.getProperty("type"))
                ? new Kind("events", "/api/events/trackBulk", "events", 158_730)
                : new Kind("users", "/api/users/bulkUpdate", "users", 83_550);
        long rows = Bench.longProperty("rows", 1_000_000);
        int contractSample = (int) Bench.longProperty("contractSample", 1);
        ProjectType projectType = ProjectType.valueOf(System.getProperty("projectType", "EMAIL"));
        Bench.machine("The emulator alone: " + kind.path() + " bodies of 4 MB, sent one at a time, rate limits off");
        ObjectMapper json = new ObjectMapper();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (IterableEmulator emulator = IterableEmulator.builder()
                .rateLimits(false)
                .contractMode(true)
                .contractSampleEvery(contractSample)
                .projectType(projectType)
                .start()) {
            System.out.println("project: " + projectType + (projectType == ProjectType.EMAIL ? "" : ", users by userId")
                    + "; contract validation: " + (emulator.contractMode()
                            ? contractSample == 1 ? "every request in full"
                                    : "1 request in " + contractSample + " per endpoint, its first hundred records"
                            : "off (no api-docs.json found)"));
            // warm-up: the JIT compiles the emulator's path on 200,000 users, then the emulator starts empty
            send(emulator, http, kind, bodies(json, kind, 1_000_000_000L, Math.min(rows, 200_000), projectType));
            emulator.reset();
            List<byte[]> bodies = bodies(json, kind, 0, rows, projectType);
            System.gc();
            long cpuBefore = Bench.processCpuNanos();
            long[] times = send(emulator, http, kind, bodies);
            long cpu = Bench.processCpuNanos() - cpuBefore;
            long total = Arrays.stream(times).sum();
            Arrays.sort(times);
            bodies = null;
            System.gc();
            Runtime rt = Runtime.getRuntime();
            long heapAfterGc = rt.totalMemory() - rt.freeMemory();
            long stored = kind.name().equals("events") ? emulator.events().size() : emulator.users().size();
            System.out.printf(Locale.ROOT, "%s %,d in %d requests (%,.0f a request); in the emulator: %,d%n", kind.name(),
                    rows, times.length, (double) rows / times.length, stored);
            System.out.printf(Locale.ROOT, "answer time: total %.2f s, median %.0f ms, slowest %.0f ms%n", total / 1e9,
                    times[times.length / 2] / 1e6, times[times.length - 1] / 1e6);
            double rate = rows / (total / 1e9);
            System.out.printf(Locale.ROOT, "capacity: %,.0f %s/s (%.2f x the ceiling of %,.0f); process CPU %.2f s, "
                    + "%,.0f %s a CPU-second%n", rate, kind.name(), rate / kind.ceiling(), kind.ceiling(), cpu / 1e9,
                    rows / (cpu / 1e9), kind.name());
            System.out.printf(Locale.ROOT, "heap after GC, the emulator holding them: %,d MiB%n", heapAfterGc >> 20);
            System.out.printf(Locale.ROOT, "goal: capacity >= %,.0f %s/s: %s%n", kind.ceiling(), kind.name(),
                    rate >= kind.ceiling() ? "MET" : "MISSED");
        }
        System.exit(0);
    }

    /** Records {@code first .. first+count-1} in full bodies, built before any is sent. */
    private static List<byte[]> bodies(ObjectMapper json, Kind kind, long first, long count, ProjectType projectType)
            throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        long next = first;
        while (next < first + count) {
            ByteArrayOutputStream body = new ByteArrayOutputStream((int) MAX_BODY);
            body.write(("{\"" + kind.array() + "\":[").getBytes(StandardCharsets.UTF_8));
            int inBody = 0;
            while (next < first + count) {
                byte[] user = json.writeValueAsBytes(kind.name().equals("events")
                        ? Throughput.eventTrackBody(Bench.eventRow(next))
                        : user(next, projectType));
                if (body.size() + user.length + 3 > MAX_BODY) {
                    break;
                }
                if (inBody > 0) {
                    body.write(',');
                }
                body.write(user);
                inBody++;
                next++;
            }
            body.write("]}".getBytes(StandardCharsets.UTF_8));
            bodies.add(body.toByteArray());
        }
        return bodies;
    }

    /** Sends the bodies one at a time, each answer checked; returns each request's answer time. */
    private static long[] send(IterableEmulator emulator, HttpClient http, Kind kind, List<byte[]> bodies)
            throws Exception {
        long[] times = new long[bodies.size()];
        for (int i = 0; i < bodies.size(); i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.baseUri() + kind.path()))
                    .header("Api-Key", emulator.apiKey())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i)))
                    .build();
            long start = System.nanoTime();
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            times[i] = System.nanoTime() - start;
            if (answer.statusCode() != 200 || !answer.body().contains("\"failCount\":0")) {
                throw new IllegalStateException("the emulator answered " + answer.statusCode() + ": "
                        + answer.body().substring(0, Math.min(500, answer.body().length())));
            }
        }
        return times;
    }

    /**
     * A user as the component sends it: the email (in a userId project, a userId instead), and the rest of scenario
     * 1's row as data fields.
     */
    private static Map<String, Object> user(long i, ProjectType projectType) {
        Map<String, Object> user = Throughput.userUpdateBody(Bench.userRow(i, 0));
        if (projectType != ProjectType.EMAIL) {
            Map<String, Object> byUserId = new LinkedHashMap<>();
            byUserId.put("userId", "u" + (1_000_000_000L + i));
            byUserId.put("dataFields", user.get("dataFields"));
            return byUserId;
        }
        return user;
    }
}
