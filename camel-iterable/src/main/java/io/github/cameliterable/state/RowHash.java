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
        MessageDigest digest = sha256();
        update(digest, "i:" + identity);
        feed(digest, dataFields);
        List<String> names = new ArrayList<>(syncColumns.keySet());
        Collections.sort(names);
        for (String name : names) {
            update(digest, "c:" + name);
            feed(digest, syncColumns.get(name));
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 16);
    }

    private static void feed(MessageDigest digest, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            update(digest, "n;");
        } else if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            update(digest, "{" + names.size());
            for (String name : names) {
                update(digest, "k:" + name);
                feed(digest, node.get(name));
            }
            update(digest, "}");
        } else if (node.isArray()) {
            update(digest, "[" + node.size());
            node.forEach(element -> feed(digest, element));
            update(digest, "]");
        } else if (node.isNumber()) {
            update(digest, "#" + node.decimalValue().stripTrailingZeros().toPlainString() + ";");
        } else if (node.isBoolean()) {
            update(digest, node.booleanValue() ? "t;" : "f;");
        } else {
            String text = node.asText();
            update(digest, "s" + text.length() + ":" + text);
        }
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
