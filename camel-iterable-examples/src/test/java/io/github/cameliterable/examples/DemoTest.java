package io.github.cameliterable.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's demo, without an API key: both runs against the emulator. How long it takes is the benchmarks' business
 * (a shared build machine took 33 s where an idle one takes a few), so it is printed, not asserted.
 */
class DemoTest {

    @Test
    void demoSyncsEverythingTwiceAndPrintsTheReports() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        long start = System.nanoTime();
        Demo.run(new PrintStream(buffer, true, StandardCharsets.UTF_8), Map.of());
        double seconds = (System.nanoTime() - start) / 1e9;
        String output = buffer.toString(StandardCharsets.UTF_8);
        List<String> lines = output.lines().toList();

        System.out.printf("DemoTest: the demo ran in %.1f s%n", seconds);
        assertTrue(lines.size() < 100, lines.size() + " lines:\n" + output);
        assertTrue(output.contains("the Iterable emulator at http://127.0.0.1:"), output);
        // each sync type's row: run 1 | run 2
        assertRow(lines, "users ", "200 | 4 ", "0 | 3 ", "0 | 193", "0 | 4 ");
        assertRow(lines, "events ", "300 | 20 ");
        assertRow(lines, "purchases (events)", "30 | 2 ");
        assertRow(lines, "cart ", "20 | 2 ", "0 | 1 ");
        assertRow(lines, "catalog ", "50 | 1 ", "0 | 1 ");
        assertRow(lines, "lists ", "45 | 1 ");
        assertRow(lines, "email ", "2 | 1 ");
        assertRow(lines, "user-actions (userActions)", "2 | 1 ");
        assertTrue(output.contains("users: 199"), output);
        assertTrue(output.contains("sku-050 deleted"), output);
        assertTrue(output.contains("45 members; customer4 out, customer182 in"), output);
        assertTrue(output.contains("emails moved: [customer191, customer192, customer193]"), output);
        assertTrue(output.contains("forgotten: []"), output);
        assertTrue(!output.contains("Failed records:"), output);
    }

    private static void assertRow(List<String> lines, String syncType, String... cells) {
        String row = lines.stream()
                .filter(l -> l.startsWith(syncType))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + syncType + " in\n" + String.join("\n", lines)));
        for (String cell : cells) {
            assertTrue(row.contains(cell), "'" + cell + "' not in: " + row);
        }
    }
}
