package io.github.cameliterable.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A Java Flight Recorder sampling profile of a piece of work, summarised as the top frames: where the CPU samples
 * were (self time, the top frame of each sample), which component methods they were under (the first frame of the
 * component, {@code io.github.cameliterable}, in each stack) and which threads took them. The recording is kept
 * under {@code target/} for {@code jfr print} or JDK Mission Control.
 */
final class Profile implements AutoCloseable {
    private final Recording recording = new Recording();
    private final String name;

    Profile(String name) {
        this.name = name;
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
        recording.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(20));
        recording.start();
    }

    /** Stops the recording and prints the top frames. */
    @Override
    public void close() throws IOException {
        recording.stop();
        Path file = Path.of("target", "bench-" + name + ".jfr").toAbsolutePath();
        Files.createDirectories(file.getParent());
        recording.dump(file);
        recording.close();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(frame(frames.get(0)), 1, Integer::sum);
            String component = "(no component frame)";
            for (RecordedFrame f : frames) {
                if (f.getMethod().getType().getName().startsWith("io.github.cameliterable.")
                        && !f.getMethod().getType().getName().startsWith("io.github.cameliterable.examples")) {
                    component = frame(f);
                    break;
                }
            }
            ours.merge(component, 1, Integer::sum);
            String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("[0-9]+", "N"), 1, Integer::sum);
        }
        System.out.printf(Locale.ROOT, "profile %s: %d CPU samples (JFR, 10 ms), recording %s%n", name, samples, file);
        print("top frames (self)", self, samples, 15);
        print("innermost component frame of each sample", ours, samples, 15);
        print("threads", threads, samples, 8);
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int limit) {
        System.out.println("  " + title + ":");
        counts.entrySet()
                .stream()
                .sorted(Map.Entry.<String, Integer> comparingByValue().reversed())
                .limit(limit)
                .forEach(e -> System.out.printf(Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples),
                        e.getKey()));
    }

    private static String frame(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName() + " (" + type.substring(0,
                Math.max(0, type.lastIndexOf('.'))) + ")";
    }
}
