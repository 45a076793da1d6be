package io.github.cameliterable.reliability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records of 512 KB, each valid, in a JVM of 256 MB (the shared pipeline of streams holds up to 8 requests of 4 MB in
 * flight): the run reads ahead by bytes as well as by count, so it completes (reading 1,000 of them ahead would hold
 * 500 MB). The heap was 200 MB until the run was found to need about that much: 180 MB ran out before request
 * bodies were handed to the HTTP client uncopied and completes since, and a CI run at 200 MB ran out once, under load
 * (G1 places each 4 MB body in humongous regions, so the margin depends on how the heap is cut up). The full-size run,
 * 2,000 records of 1 MB under 256 MB,
 * is {@link LargeRecordsRun}'s command in docs/reliability.md.
 */
class ReadAheadMemoryTest {

    @Test
    void largeRecordsCompleteInASmallHeap() throws Exception {
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                LargeRecordsRun.class.getName(), "400", String.valueOf(512 * 1024))
                .redirectErrorStream(true)
                .start();
        byte[] output = run.getInputStream().readAllBytes();
        assertTrue(run.waitFor(5, TimeUnit.MINUTES), "the run ended");
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, run.exitValue(), text);
        assertTrue(text.contains("received=400 succeeded=400 failed=0"), text);
    }
}
