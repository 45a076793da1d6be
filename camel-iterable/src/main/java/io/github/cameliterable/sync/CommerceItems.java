package io.github.cameliterable.sync;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.cameliterable.mapping.InvalidRecordException;
import io.github.cameliterable.mapping.IterableRules;

/**
 * Iterable's {@code CommerceItem}, the items of purchases and carts: {@code id}, {@code name}, {@code price} and
 * {@code quantity} are required; {@code sku}, {@code description}, {@code categories}, {@code imageUrl}, {@code url}
 * and {@code dataFields} are optional; any other key of an item goes into its {@code dataFields}.
 */
final class CommerceItems {
    private static final Set<String> KNOWN = Set.of("id", "sku", "name", "description", "categories", "price",
            "quantity", "imageUrl", "url", "dataFields");

    private CommerceItems() {
    }

    /** The items of a record's items column, checked and shaped; fails the record naming the item and field. */
    static ArrayNode from(String column, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            throw new InvalidRecordException(column, "the record has no items (column '" + column + "')");
        }
        if (!value.isArray()) {
            throw new InvalidRecordException(column,
                    "items must be a JSON array or a list of objects, not " + value.getNodeType());
        }
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        int position = 0;
        for (JsonNode element : value) {
            String where = column + "[" + position++ + "]";
            if (!element.isObject()) {
                throw new InvalidRecordException(where, "an item must be an object");
            }
            items.add(item(where, element));
        }
        return items;
    }

    private static ObjectNode item(String where, JsonNode element) {
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        JsonNode id = element.path("id");
        if (id.isContainerNode()) {
            throw new InvalidRecordException(where + ".id", "an item's id must be text or a number, not " + id.getNodeType());
        }
        if (!id.isValueNode() || id.asText().isEmpty()) {
            throw new InvalidRecordException(where + ".id", "an item needs an id");
        }
        item.put("id", id.asText());
        JsonNode name = element.path("name");
        if (!name.isValueNode() || name.asText().isEmpty()) {
            throw new InvalidRecordException(where + ".name", "an item needs a name");
        }
        item.put("name", name.asText());
        item.put("price", number(where + ".price", element.path("price")));
        JsonNode quantity = element.path("quantity");
        double count = number(where + ".quantity", quantity);
        if (count != Math.rint(count) || count < 0) {
            throw new InvalidRecordException(where + ".quantity", "quantity must be a whole number, not " + quantity);
        }
        if (count >= 0x1p63) {
            // cast to a long it became 9223372036854775807
            IterableRules.checkWholeNumber(where + ".quantity", new BigDecimal(count).toBigInteger());
        }
        item.put("quantity", (long) count);
        copyText(element, item, "sku");
        copyText(element, item, "description");
        copyText(element, item, "imageUrl");
        copyText(element, item, "url");
        if (element.has("categories") && !element.get("categories").isNull()) {
            JsonNode categories = element.get("categories");
            ArrayNode list = item.putArray("categories");
            if (categories.isArray()) {
                categories.forEach(c -> list.add(c.asText()));
            } else {
                for (String c : categories.asText().split(",")) {
                    list.add(c.strip());
                }
            }
        }
        JsonNode given = element.path("dataFields");
        if (!given.isMissingNode() && !given.isNull() && !given.isObject()) {
            String field = where + ".dataFields";
            throw new InvalidRecordException(field, "an item's dataFields must be an object, not " + given.getNodeType());
        }
        ObjectNode dataFields = given.isObject() ? ((ObjectNode) given).deepCopy() : JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = element.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!KNOWN.contains(field.getKey())) {
                dataFields.set(field.getKey(), field.getValue());
            }
        }
        if (!dataFields.isEmpty()) {
            item.set("dataFields", dataFields);
        }
        return item;
    }

    private static double number(String field, JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            throw new InvalidRecordException(field, "an item needs " + field.substring(field.lastIndexOf('.') + 1));
        }
        return IterableRules.finiteNumber(field, value, "");
    }

    private static void copyText(JsonNode from, ObjectNode to, String field) {
        JsonNode value = from.path(field);
        if (value.isValueNode() && !value.isNull()) {
            to.put(field, value.asText());
        }
    }
}
