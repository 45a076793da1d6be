package io.github.cameliterable.sync;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.github.cameliterable.client.ApiCall;
import io.github.cameliterable.client.ApiEndpoint;
import io.github.cameliterable.client.ApiResponse;
import io.github.cameliterable.client.IterableApiException;
import io.github.cameliterable.client.IterableClient;
import io.github.cameliterable.mapping.FieldTypeMismatch;
import io.github.cameliterable.mapping.FieldTypes;
import io.github.cameliterable.mapping.InvalidRecordException;
import io.github.cameliterable.mapping.IterableRules;
import io.github.cameliterable.mapping.MappedRecord;
import io.github.cameliterable.state.Fingerprint;

/**
 * {@code iterable:catalog}: catalog items through {@code POST /api/catalogs/{catalogName}/items}, at most 1000
 * items and 4 MB a request, each item at most 30 KB. On start the catalog's field mappings are read, so that a
 * value of the wrong type fails its record before anything is sent. Removed records are deleted with
 * {@code DELETE /api/catalogs/{catalogName}/items} when {@code deleteBehavior=delete}.
 */
public final class CatalogSync implements SyncType {
    /** Iterable's limit on one catalog item. */
    static final int MAX_ITEM_BYTES = 30 * 1024;
    private static final String SOURCE = "the catalog's fieldMappings";

    /** What a catalog sync needs of the endpoint's options. */
    public record Settings(String catalogName, String idColumn, boolean replaceUploadedFieldsOnly, boolean createCatalog,
            DeleteBehavior deleteBehavior, boolean dryRun) {
    }

    private final Settings config;
    private final String catalogName;
    private final BulkOperation upload;
    private final BulkOperation delete;
    private volatile FieldTypes fieldTypes = new FieldTypes(Map.of(), SOURCE);

    public CatalogSync(Settings config) {
        this.config = config;
        this.catalogName = config.catalogName();
        if (catalogName == null || catalogName.isBlank()) {
            throw new IllegalArgumentException("iterable:catalog needs catalogName");
        }
        try {
            IterableRules.checkCatalogId("catalogName", catalogName);
        } catch (InvalidRecordException e) {
            throw new IllegalArgumentException("Invalid catalogName: " + e.reason());
        }
        switch (config.deleteBehavior()) {
            case nothing, delete -> {
            }
            default -> throw new IllegalArgumentException("iterable:catalog takes deleteBehavior=nothing or delete");
        }
        this.upload = new CatalogOperation(ApiEndpoint.CATALOG_ITEMS_BULK_UPDATE, catalogName, "{\"documents\":{",
                "}" + BulkOperation.flag("replaceUploadedFieldsOnly", config.replaceUploadedFieldsOnly()) + "}");
        this.delete = new CatalogOperation(ApiEndpoint.CATALOG_ITEMS_BULK_DELETE, catalogName, "{\"itemIds\":[", "]}");
    }

    /**
     * A call on one catalog's items. Iterable accepts the whole request (202) and processes it asynchronously, so
     * an accepted request is every item's success; an item's fields are the document itself.
     */
    private record CatalogOperation(ApiEndpoint endpoint, String catalogName, String prefix, String suffix)
            implements
                BulkOperation {
        @Override
        public String dataFieldsPath() {
            return "";
        }

        @Override
        public ApiCall call(byte[] body) {
            return ApiCall.withPath(endpoint, body, catalogName);
        }

        @Override
        public void applyAnswer(ApiResponse response, List<Item> items) {
            items.forEach(Item::succeed);
        }
    }

    @Override
    public String name() {
        return "catalog";
    }

    @Override
    public ApiEndpoint mainEndpoint() {
        return ApiEndpoint.CATALOG_ITEMS_BULK_UPDATE;
    }

    @Override
    public Set<String> syncColumns() {
        return Set.of(config.idColumn());
    }

    @Override
    public boolean identityRequired() {
        return false;
    }

    @Override
    public String defaultPrimaryKeyColumn() {
        return config.idColumn();
    }

    @Override
    public String defaultSyncId() {
        return "catalog-" + catalogName;
    }

    /**
     * Reads the catalog's field types; creates the catalog when it is missing and createCatalog is set. A creation
     * refused because the catalog exists meanwhile (another JVM of the same sync starting at the same time) reads
     * the catalog that is there.
     */
    @Override
    public void start(IterableClient client) {
        ApiResponse mappings = client.call(ApiCall.withPath(ApiEndpoint.CATALOG_FIELD_MAPPINGS, null, catalogName)).join();
        if (mappings.status() == 404 && config.createCatalog() && config.dryRun()) {
            // a dry run changes nothing in Iterable: its runs count what a real one would send to the new catalog
            SyncPipeline.LOG.warn("The catalog '{}' does not exist yet; a dry run does not create it (createCatalog"
                    + " creates it on the first real run)", catalogName);
            fieldTypes = new FieldTypes(Map.of(), SOURCE);
            return;
        }
        if (mappings.status() == 404 && config.createCatalog()) {
            ApiResponse created = client.call(ApiCall.withPath(ApiEndpoint.CATALOG_CREATE, null, catalogName)).join();
            if (created.isSuccess()) {
                fieldTypes = new FieldTypes(Map.of(), SOURCE);
                return;
            }
            mappings = client.call(ApiCall.withPath(ApiEndpoint.CATALOG_FIELD_MAPPINGS, null, catalogName)).join();
            if (!mappings.isSuccess()) {
                throw created.toException();
            }
        }
        if (mappings.status() == 404) {
            throw new IterableApiException(ApiEndpoint.CATALOG_FIELD_MAPPINGS, 404, mappings.code(),
                    "the catalog '" + catalogName + "' does not exist in Iterable; create it, or set createCatalog=true");
        }
        if (!mappings.isSuccess()) {
            throw mappings.toException();
        }
        Map<String, String> types = new HashMap<>();
        JsonNode defined = mappings.json().path("params").path("definedMappings");
        defined.fields().forEachRemaining(field -> types.put(field.getKey(), field.getValue().asText()));
        fieldTypes = new FieldTypes(types, SOURCE);
    }

    @Override
    public void accept(List<Classified> chunk, SyncRun run) {
        Batcher batcher = run.batcher(upload);
        for (Classified classified : chunk) {
            MappedRecord record = classified.record();
            String id = record.primaryKey();
            byte[] documentBytes;
            try {
                IterableRules.checkCatalogId(config.idColumn(), id);
                FieldTypeMismatch mismatch = fieldTypes.firstMismatch(record.dataFields());
                if (mismatch != null) {
                    throw mismatch.toException();
                }
                documentBytes = record.dataFields().json(run.jsonBytes());
                if (documentBytes.length > MAX_ITEM_BYTES) {
                    throw new InvalidRecordException(null, "the item is " + documentBytes.length
                            + " bytes as JSON; Iterable takes at most " + MAX_ITEM_BYTES);
                }
            } catch (InvalidRecordException e) {
                run.invalid(record, e.field(), e.reason());
                continue;
            }
            byte[] key = (TextNode.valueOf(id).toString() + ":").getBytes(StandardCharsets.UTF_8);
            byte[] bytes = new byte[key.length + documentBytes.length];
            System.arraycopy(key, 0, bytes, 0, key.length);
            System.arraycopy(documentBytes, 0, bytes, key.length, documentBytes.length);
            batcher.add(run.item(record, id, documentBytes, bytes));
        }
    }

    @Override
    public boolean removalsChangeIterable() {
        return config.deleteBehavior() == DeleteBehavior.delete;
    }

    @Override
    public void removed(List<Fingerprint> removed, SyncRun run) {
        if (config.deleteBehavior() != DeleteBehavior.delete) {
            run.forgetRemoved(removed);
            return;
        }
        Batcher batcher = run.batcher(delete);
        for (Fingerprint fingerprint : removed) {
            String id = fingerprint.primaryKey();
            ObjectNode json = run.json().createObjectNode().put("id", id);
            Item item = run.removalItem(fingerprint, id, json);
            batcher.add(new Item(item, TextNode.valueOf(id).toString().getBytes(StandardCharsets.UTF_8)));
        }
    }
}
