package io.github.cameliterable.reliability;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import io.github.cameliterable.emulator.IterableEmulatorExtension;

/** What the reliability tests share: one recognisable API key, and rows to sync. */
final class Reliability {
    /** Every emulator of these tests takes this key, so that {@link NoApiKeyInLogs} can look for it in every line. */
    static final String API_KEY = "rel-secret-4c1d9e7f2a8b";

    /** Small backoffs for tests: retries are exercised, not waited for. */
    static final String FAST_RETRIES = "initialBackoff=10&maxBackoff=200";

    private Reliability() {
    }

    static IterableEmulatorExtension.Builder emulator() {
        return IterableEmulatorExtension.builder().apiKey(API_KEY);
    }

    static String email(int i) {
        return "u" + i + "@example.com";
    }

    static Map<String, Object> user(int i) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("email", email(i));
        row.put("plan", i % 3 == 0 ? "pro" : "free");
        row.put("visits", i);
        return row;
    }

    /** Rows 1..count made one at a time, as from a database cursor: never all in memory. */
    static Iterator<Map<String, Object>> lazily(int count, IntFunction<Map<String, Object>> row) {
        return new Iterator<>() {
            int next = 1;

            @Override
            public boolean hasNext() {
                return next <= count;
            }

            @Override
            public Map<String, Object> next() {
                return row.apply(next++);
            }
        };
    }

    static List<Map<String, Object>> users(int from, int to) {
        List<Map<String, Object>> rows = new ArrayList<>(Math.max(0, to - from + 1));
        for (int i = from; i <= to; i++) {
            rows.add(user(i));
        }
        return rows;
    }
}
