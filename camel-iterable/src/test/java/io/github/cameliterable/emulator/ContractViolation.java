package io.github.cameliterable.emulator;

import java.util.List;

/** A request that Iterable's published API description rejects, with the validator's messages. */
public record ContractViolation(String method, String path, List<String> messages) {
    @Override
    public String toString() {
        return method + " " + path + ": " + String.join("; ", messages);
    }
}
