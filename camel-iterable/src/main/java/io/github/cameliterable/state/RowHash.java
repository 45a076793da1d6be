package io.github.cameliterable.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The content hash change detection compares: SHA-256 (first 128 bits) over the mapped fields in a canonical form
 * (object keys sorted, types tagged), so column order and map implementations never make a record look changed.
 */
public final class RowHash {
    private RowHash() {
    }

    public static String of(String identity, JsonNode dataFields, Map<String, JsonNode> syncColumns) {
        // the canonical text is built in one buffer and digested once: the same bytes, and so the same hash, as
        // digesting each piece, without a String and a byte[] per piece
        StringBuilder text = new StringBuilder(512);
        text.append("i:").append(identity);
        feed(text, dataFields);
        List<String> names = new ArrayList<>(syncColumns.keySet());
        Collections.sort(names);
        for (String name : names) {
            text.append("c:").append(name);
            feed(text, syncColumns.get(name));
        }
        MessageDigest digest = sha256();
        digest.update(text.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest(), 0, 16);
    }

    private static void feed(StringBuilder text, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            text.append("n;");
        } else if (node.isObject()) {
            List<String> names = new ArrayList<>(node.size());
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            text.append('{').append(names.size());
            for (String name : names) {
                text.append("k:").append(name);
                feed(text, node.get(name));
            }
            text.append('}');
        } else if (node.isArray()) {
            text.append('[').append(node.size());
            node.forEach(element -> feed(text, element));
            text.append(']');
        } else if (node.isNumber()) {
            text.append('#').append(node.decimalValue().stripTrailingZeros().toPlainString()).append(';');
        } else if (node.isBoolean()) {
            text.append(node.booleanValue() ? "t;" : "f;");
        } else {
            String value = node.asText();
            text.append('s').append(value.length()).append(':').append(value);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
