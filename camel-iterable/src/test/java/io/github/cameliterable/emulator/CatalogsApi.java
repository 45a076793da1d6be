package io.github.cameliterable.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static io.github.cameliterable.emulator.Bodies.bool;
import static io.github.cameliterable.emulator.Bodies.objList;
import static io.github.cameliterable.emulator.Bodies.str;

/** The /api/catalogs endpoints. */
final class CatalogsApi {
    static final int MAX_ITEMS_PER_REQUEST = 1000;
    static final int MAX_ITEM_BYTES = 30 * 1024;
    // the same rule, from the spec, for catalog names and item ids
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9-]{1,255}$");
    private static final Set<String> FIELD_TYPES = Set.of("boolean", "date", "geo_location", "long", "double", "object",
            "string");

    private final EmulatorState state;

    CatalogsApi(EmulatorState state) {
        this.state = state;
    }

    /** POST /api/catalogs/{catalogName}. */
    EmulatorResponse create(String name) {
        if (!NAME.matcher(name).matches()) {
            throw ApiError.badParams("Catalog names can be no longer than 255 characters and must contain only"
                    + " alphanumeric characters and dashes: " + name);
        }
        if (state.catalogs.containsKey(name)) {
            throw ApiError.badParams("Catalog " + name + " already exists");
        }
        state.catalogs.put(name, new EmulatorState.Catalog(name));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("name", name);
        params.put("url", "/api/catalogs/" + name);
        return EmulatorResponse.json(201, EmulatorResponse.body("", "Success", params));
    }

    /** DELETE /api/catalogs/{catalogName}. */
    EmulatorResponse delete(String name) {
        require(name);
        state.catalogs.remove(name);
        return EmulatorResponse.success("Catalog " + name + " deleted", null);
    }

    private EmulatorState.Catalog require(String name) {
        EmulatorState.Catalog c = state.catalogs.get(name);
        if (c == null) {
            throw ApiError.notFound("Catalog not found: " + name);
        }
        return c;
    }

    /** GET /api/catalogs/{catalogName}/fieldMappings: defined types, and fields seen in items but not typed. */
    EmulatorResponse getFieldMappings(String name) {
        EmulatorState.Catalog c = require(name);
        List<String> undefined = new ArrayList<>();
        c.seenFields.stream().filter(f -> !c.definedMappings.containsKey(f)).forEach(undefined::add);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("definedMappings", new LinkedHashMap<>(c.definedMappings));
        params.put("undefinedFields", undefined);
        return EmulatorResponse.success("", params);
    }

    /** PUT /api/catalogs/{catalogName}/fieldMappings: a field's type, once set, may not change (spec). */
    EmulatorResponse updateFieldMappings(EmulatorRequest req, String name) {
        EmulatorState.Catalog c = require(name);
        List<Map<String, Object>> updates = objList(req.jsonObject(), "mappingsUpdates", true);
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", updates, flat);
        for (Map.Entry<String, String> e : flat.entrySet()) {
            if (!FIELD_TYPES.contains(e.getValue())) {
                throw ApiError.badParams("Invalid field type '" + e.getValue() + "' for field " + e.getKey()
                        + "; valid types: " + FIELD_TYPES);
            }
            String current = c.definedMappings.get(e.getKey());
            if (current != null && !current.equals(e.getValue())) {
                throw ApiError.badParams("Field " + e.getKey() + " already has type " + current + " and cannot be changed");
            }
        }
        c.definedMappings.putAll(flat);
        return EmulatorResponse.success("", null);
    }

    private static void flatten(String prefix, List<Map<String, Object>> defs, Map<String, String> out) {
        for (Map<String, Object> d : defs) {
            String name = str(d, "fieldName");
            String type = str(d, "fieldType");
            if (name == null || type == null) {
                throw ApiError.badParams("fieldName and fieldType are required");
            }
            String path = prefix.isEmpty() ? name : prefix + "." + name;
            out.put(path, type);
            flatten(path, objList(d, "children", false), out);
        }
    }

    /** POST /api/catalogs/{catalogName}/items: up to 1000 items of at most 30 KB; 202 when accepted. */
    @SuppressWarnings("unchecked")
    EmulatorResponse upsertItems(EmulatorRequest req, String name) {
        EmulatorState.Catalog c = require(name);
        Map<String, Object> body = req.jsonObject();
        Object docs = body.get("documents");
        if (!(docs instanceof Map<?, ?> documents)) {
            throw ApiError.badParams("documents is required and must be an object of itemId -> item");
        }
        boolean replaceUploadedFieldsOnly = bool(body, "replaceUploadedFieldsOnly", false);
        if (documents.size() > MAX_ITEMS_PER_REQUEST) {
            throw ApiError.badParams("Too many items: " + documents.size() + "; at most " + MAX_ITEMS_PER_REQUEST
                    + " items per request");
        }
        for (Map.Entry<?, ?> e : documents.entrySet()) {
            String id = String.valueOf(e.getKey());
            if (!NAME.matcher(id).matches()) {
                throw ApiError.badParams("Invalid item id '" + id + "': only alphanumeric characters and dashes,"
                        + " at most 255 characters");
            }
            if (!(e.getValue() instanceof Map<?, ?> item)) {
                throw ApiError.badParams("Item " + id + " must be a JSON object");
            }
            int size = Json.sizeOf(item);
            if (size > MAX_ITEM_BYTES) {
                throw ApiError.badParams("Item " + id + " is " + size + " bytes; the maximum size of an item is 30kb");
            }
            for (Object field : item.keySet()) {
                if (String.valueOf(field).contains(".")) {
                    throw ApiError.badParams("Item " + id + ": field names may not contain periods: " + field);
                }
            }
            checkDefinedTypes(c, id, (Map<String, Object>) item);
        }
        Instant now = state.now();
        for (Map.Entry<?, ?> e : documents.entrySet()) {
            String id = String.valueOf(e.getKey());
            Map<String, Object> incoming = (Map<String, Object>) Json.copy(e.getValue());
            Map<String, Object> current = c.items.get(id);
            if (replaceUploadedFieldsOnly && current != null) {
                current.putAll(incoming);
            } else {
                c.items.put(id, incoming);
            }
            c.lastModified.put(id, now);
            c.seenFields.addAll(incoming.keySet());
        }
        return EmulatorResponse.json(202, EmulatorResponse.body("Request to bulk upload items received", "Success", null));
    }

    /** Values must fit the types set through fieldMappings; fields without a mapping take anything. */
    private static void checkDefinedTypes(EmulatorState.Catalog c, String id, Map<String, Object> item) {
        for (Map.Entry<String, Object> f : item.entrySet()) {
            String expected = c.definedMappings.get(f.getKey());
            if (expected == null || f.getValue() == null || "geo_location".equals(expected)) {
                continue;
            }
            if (!FieldTypes.accepts(expected, f.getValue())) {
                throw new ApiError(400, "RequestFieldsTypesMismatched", "Item " + id + ": field '" + f.getKey()
                        + "' has type '" + expected + "' but possible types '"
                        + String.join(", ", FieldTypes.incomingTypes(f.getValue())) + "' in the request.");
            }
        }
    }

    /** DELETE /api/catalogs/{catalogName}/items: 202, unknown ids are ignored. */
    EmulatorResponse deleteItems(EmulatorRequest req, String name) {
        EmulatorState.Catalog c = require(name);
        Object ids = req.jsonObject().get("itemIds");
        if (!(ids instanceof List<?> list)) {
            throw ApiError.badParams("itemIds is required");
        }
        if (list.size() > MAX_ITEMS_PER_REQUEST) {
            throw ApiError.badParams("Too many item ids: at most " + MAX_ITEMS_PER_REQUEST + " per request");
        }
        for (Object id : list) {
            c.items.remove(String.valueOf(id));
            c.lastModified.remove(String.valueOf(id));
        }
        return EmulatorResponse.json(202,
                EmulatorResponse.body("Bulk delete catalog items request received.", "Success", null));
    }

    /** GET /api/catalogs/{catalogName}/items?page=&pageSize=: pages of GetCatalogItemsResponse, 1-based. */
    EmulatorResponse listItems(EmulatorRequest req, String name) {
        EmulatorState.Catalog c = require(name);
        int page = Math.max(1, parseInt(req.queryParam("page"), 1));
        int pageSize = Math.min(1000, Math.max(1, parseInt(req.queryParam("pageSize"), 10)));
        List<Map<String, Object>> out = new ArrayList<>();
        List<String> ids = new ArrayList<>(c.items.keySet());
        for (int i = (page - 1) * pageSize; i < Math.min(ids.size(), page * pageSize); i++) {
            String id = ids.get(i);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("catalogName", name);
            item.put("itemId", id);
            item.put("lastModified", c.lastModified.get(id).toString());
            item.put("size", Json.sizeOf(c.items.get(id)));
            item.put("value", c.items.get(id));
            out.add(item);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("catalogItemsWithProperties", out);
        params.put("totalItemsCount", ids.size());
        if (page * pageSize < ids.size()) {
            params.put("nextPageUrl", "/api/catalogs/" + name + "/items?page=" + (page + 1) + "&pageSize=" + pageSize);
        }
        return EmulatorResponse.success("", params);
    }

    private static int parseInt(String s, int dflt) {
        try {
            return s == null ? dflt : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw ApiError.badParams("Not an integer: " + s);
        }
    }
}
