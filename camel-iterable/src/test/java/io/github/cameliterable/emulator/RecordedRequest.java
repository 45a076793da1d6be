package io.github.cameliterable.emulator;

import java.time.Instant;

/**
 * One request as the emulator answered it. {@code status} is 0 for an injected connection reset;
 * {@code code} is the Iterable {@code code} of a JSON answer, null otherwise.
 */
public record RecordedRequest(Instant at, String method, String path, int status, String code, int bodyBytes) {
}
