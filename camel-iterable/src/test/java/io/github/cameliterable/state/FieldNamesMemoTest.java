package io.github.cameliterable.state;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FieldNamesMemoTest {
    private final AtomicInteger derived = new AtomicInteger();
    private final FieldNamesMemo<String> joined = new FieldNamesMemo<>(names -> {
        derived.incrementAndGet();
        return String.join(",", names);
    });

    @Test
    void theRowsOfOneModelDeriveOnce() {
        assertEquals("email,plan", joined.of(List.of("email", "plan").iterator()));
        // equal names that are other String objects (a driver's column labels per row) count as the same
        assertEquals("email,plan", joined.of(List.of(new String("email"), new String("plan")).iterator()));
        assertEquals(1, derived.get());
    }

    @Test
    void otherNamesOrAnotherOrderDeriveAgain() {
        assertEquals("email,plan", joined.of(List.of("email", "plan").iterator()));
        assertEquals("plan,email", joined.of(List.of("plan", "email").iterator()));
        assertEquals("plan", joined.of(List.of("plan").iterator()));
        assertEquals("", joined.of(List.<String> of().iterator()));
        assertEquals("email,plan", joined.of(List.of("email", "plan").iterator()));
        assertEquals(5, derived.get());
    }

    @Test
    void aVeryWideRecordIsDerivedEachTime() {
        List<String> wide = new ArrayList<>();
        IntStream.range(0, 300).forEach(i -> wide.add("c" + i));
        joined.of(wide.iterator());
        joined.of(wide.iterator());
        assertEquals(2, derived.get());
        assertEquals("a", joined.of(List.of("a").iterator()));
        assertEquals("a", joined.of(List.of("a").iterator()));
        assertEquals(3, derived.get());
    }
}
