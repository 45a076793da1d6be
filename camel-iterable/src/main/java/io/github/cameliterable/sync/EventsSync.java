package io.github.cameliterable.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.cameliterable.client.ApiCall;
import io.github.cameliterable.client.ApiEndpoint;
import io.github.cameliterable.client.ApiResponse;
import io.github.cameliterable.mapping.Identity;
import io.github.cameliterable.mapping.InvalidRecordException;
import io.github.cameliterable.mapping.IterableRules;
import io.github.cameliterable.mapping.IterableValues;
import io.github.cameliterable.mapping.JsonBytes;
import io.github.cameliterable.mapping.MappedRecord;
import io.github.cameliterable.mapping.MatchBy;
import io.github.cameliterable.mapping.ProjectType;
import io.github.cameliterable.state.RecordClass;
import io.github.cameliterable.text.SafeText;

/**
 * {@code iterable:events}: custom events through {@code POST /api/events/trackBulk} (byte-packed like users), or
 * with {@code eventType=purchase} purchases through {@code POST /api/commerce/trackPurchase}, one call a record.
 * A record is keyed by its event id or, without one (nor a {@code primaryKey} option), by its content: every event of
 * a user is its own record. New records are tracked. A changed record (a key set by {@code primaryKey}) is tracked
 * again only when it has an event id (a column, or derived from its primary key with {@code deriveEventId}):
 * Iterable then modifies that event; without an id it would create a second event, so the record is not re-sent.
 */
public final class EventsSync implements SyncType {
    /** What an events sync needs of the endpoint's options. */
    public record Settings(EventType eventType, String eventName, String eventNameColumn, String createdAtColumn,
            String eventIdColumn, boolean deriveEventId, Long campaignId, String campaignIdColumn,
            Long templateId, String templateIdColumn, String itemsColumn, String totalColumn,
            Boolean createNewFields, ProjectType projectType) {
    }

    private final Settings config;
    private final boolean purchase;
    private final BulkOperation trackBulk;

    public EventsSync(Settings config) {
        this.config = config;
        this.purchase = config.eventType() == EventType.purchase;
        if (!purchase && isBlank(config.eventName()) && isBlank(config.eventNameColumn())) {
            throw new IllegalArgumentException("iterable:events needs an event name: set eventName (one name for every"
                    + " record) or eventNameColumn (the column holding each record's name)");
        }
        this.trackBulk = new BulkOperation() {
            @Override
            public ApiEndpoint endpoint() {
                return ApiEndpoint.EVENTS_TRACK_BULK;
            }

            @Override
            public String prefix() {
                return "{\"events\":[";
            }

            @Override
            public String suffix() {
                return "]}"; // createNewFields is each event's (TrackRequest), not the bulk body's (BulkTrackRequest)
            }

            @Override
            public void applyAnswer(ApiResponse response, List<Item> items) {
                Set<String> disallowed = new HashSet<>();
                response.json().path("disallowedEventNames").forEach(name -> disallowed.add(name.asText()));
                List<Item> rest = items;
                if (!disallowed.isEmpty()) {
                    rest = new ArrayList<>();
                    for (Item item : items) {
                        String name = item.json().path("eventName").asText();
                        if (disallowed.contains(name)) {
                            item.fail("eventName", "Iterable does not allow the event name " + SafeText.quoted(name)
                                    + " (disallowedEventNames)");
                        } else {
                            rest.add(item);
                        }
                    }
                }
                BulkOperation.super.applyAnswer(response, rest);
            }
        };
    }

    @Override
    public String name() {
        return "events";
    }

    @Override
    public ApiEndpoint mainEndpoint() {
        return purchase ? ApiEndpoint.COMMERCE_TRACK_PURCHASE : ApiEndpoint.EVENTS_TRACK_BULK;
    }

    @Override
    public Set<String> syncColumns() {
        Set<String> columns = new LinkedHashSet<>();
        add(columns, config.eventNameColumn());
        add(columns, config.createdAtColumn());
        add(columns, config.eventIdColumn());
        add(columns, config.campaignIdColumn());
        add(columns, config.templateIdColumn());
        if (purchase) {
            add(columns, config.itemsColumn());
            add(columns, config.totalColumn());
        }
        return columns;
    }

    @Override
    public String defaultSyncId() {
        if (purchase) {
            return "events-purchase";
        }
        return "events-" + (isBlank(config.eventName()) ? "column-" + config.eventNameColumn() : config.eventName());
    }

    /** An event is keyed by its event id; a user has many events, so one without an id is keyed by its content. */
    @Override
    public String defaultPrimaryKeyColumn() {
        return isBlank(config.eventIdColumn()) ? null : config.eventIdColumn();
    }

    @Override
    public boolean keyedByContent() {
        return true;
    }

    private boolean hasEventId() {
        return config.deriveEventId() || !isBlank(config.eventIdColumn());
    }

    @Override
    public void accept(List<Classified> chunk, SyncRun run) {
        for (Classified classified : chunk) {
            MappedRecord record = classified.record();
            if (classified.recordClass() == RecordClass.CHANGED && !hasEventId()) {
                run.settle(record, "a changed event without an event id is not re-sent: Iterable would track it twice");
                continue;
            }
            Item item;
            try {
                item = purchase ? run.item(record, record.identity().keyValue(), purchase(record, run))
                        : customEvent(record, run);
            } catch (InvalidRecordException e) {
                run.invalid(record, e.field(), e.reason());
                continue;
            }
            if (purchase) {
                run.callFor(item, ApiCall.of(ApiEndpoint.COMMERCE_TRACK_PURCHASE, item.bytes()));
            } else {
                run.batcher(trackBulk).add(item);
            }
        }
    }

    private Item customEvent(MappedRecord record, SyncRun run) {
        String eventName = eventName(record);
        Common common = common(record, run);
        Identity identity = record.identity();
        JsonBytes writer = run.jsonBytes();
        if (writer.writesPlainObjects()) {
            // written straight to bytes, the same bytes as the tree below
            byte[] json = writer.written(event -> {
                event.writeStartObject();
                identity.writeKeyTo(event);
                event.writeStringField("eventName", eventName);
                common.writeTo(event);
                event.writeFieldName("dataFields");
                writer.writeValue(event, record.dataFields().node());
                if (config.createNewFields() != null) {
                    event.writeBooleanField("createNewFields", config.createNewFields());
                }
                event.writeEndObject();
            });
            // the event's top-level identifier is its key's (writeKeyTo)
            boolean byEmail = identity.key() == MatchBy.email;
            return run.item(record, identity.keyValue(), byEmail ? identity.keyValue() : null,
                    byEmail ? null : identity.keyValue(), json, null, null);
        }
        ObjectNode event = run.json().createObjectNode();
        identity.writeKeyTo(event);
        event.put("eventName", eventName);
        common.writeTo(event);
        event.set("dataFields", record.dataFields().node());
        if (config.createNewFields() != null) {
            event.put("createNewFields", config.createNewFields());
        }
        return run.item(record, identity.keyValue(), event);
    }

    private ObjectNode purchase(MappedRecord record, SyncRun run) {
        ObjectNode body = run.json().createObjectNode();
        ObjectNode user = body.putObject("user");
        record.identity().writeKeyTo(user);
        if (config.projectType() == ProjectType.email && record.identity().key() == MatchBy.userId) {
            user.put("preferUserId", true);
        }
        ArrayNode items = CommerceItems.from(config.itemsColumn(), record.syncColumn(config.itemsColumn()));
        if (items.isEmpty()) {
            // a cart may be emptied; a purchase bought something
            throw new InvalidRecordException(config.itemsColumn(), "the purchase has no items (column '"
                    + config.itemsColumn() + "' is an empty list)");
        }
        body.set("items", items);
        JsonNode total = record.syncColumn(config.totalColumn());
        if (total == null || total.isNull()) {
            throw new InvalidRecordException(config.totalColumn(), "the purchase has no total (column '"
                    + config.totalColumn() + "')");
        }
        body.put("total", IterableRules.finiteNumber(config.totalColumn(), total, "the total "));
        common(record, run).writeTo(body);
        body.set("dataFields", record.dataFields().node());
        return body;
    }

    /**
     * Event id, createdAt, campaignId and templateId (each null when the record has none): custom events' and purchases'.
     */
    private record Common(String id, Long createdAt, Long campaignId, Long templateId) {
        void writeTo(ObjectNode event) {
            if (id != null) {
                event.put("id", id);
            }
            if (createdAt != null) {
                event.put("createdAt", createdAt.longValue());
            }
            if (campaignId != null) {
                event.put("campaignId", campaignId);
            }
            if (templateId != null) {
                event.put("templateId", templateId);
            }
        }

        /** As {@link #writeTo(ObjectNode)}, the fields written by a generator inside the event's object. */
        void writeTo(JsonGenerator event) throws IOException {
            if (id != null) {
                event.writeStringField("id", id);
            }
            if (createdAt != null) {
                event.writeNumberField("createdAt", createdAt.longValue());
            }
            if (campaignId != null) {
                event.writeNumberField("campaignId", campaignId.longValue());
            }
            if (templateId != null) {
                event.writeNumberField("templateId", templateId.longValue());
            }
        }
    }

    /** The record's {@link Common} fields, each checked (a bad one fails the record, in this order). */
    private Common common(MappedRecord record, SyncRun run) {
        String id = eventId(record, run);
        JsonNode createdAtValue = record.syncColumn(config.createdAtColumn());
        Long createdAt = createdAtValue != null && !createdAtValue.isNull()
                ? IterableValues.epochSeconds(config.createdAtColumn(), createdAtValue)
                : null;
        Long campaignId = staticOrColumn(record, config.campaignId(), config.campaignIdColumn());
        if (campaignId != null) {
            checkPurchaseId(config.campaignIdColumn(), "campaignId", campaignId);
        }
        Long templateId = staticOrColumn(record, config.templateId(), config.templateIdColumn());
        if (templateId != null) {
            checkPurchaseId(config.templateIdColumn(), "templateId", templateId);
        }
        return new Common(id, createdAt, campaignId, templateId);
    }

    private void checkPurchaseId(String column, String option, long id) {
        if (purchase) {
            IterableRules.checkPurchaseId(isBlank(column) ? option : column, option, id);
        }
    }

    private String eventName(MappedRecord record) {
        if (!isBlank(config.eventNameColumn())) {
            JsonNode name = record.syncColumn(config.eventNameColumn());
            if (name == null || name.isNull() || name.asText().isBlank()) {
                throw new InvalidRecordException(config.eventNameColumn(), "the record has no event name");
            }
            return name.asText();
        }
        return config.eventName();
    }

    private String eventId(MappedRecord record, SyncRun run) {
        if (!isBlank(config.eventIdColumn())) {
            JsonNode id = record.syncColumn(config.eventIdColumn());
            if (id != null && !id.isNull() && !id.asText().isEmpty()) {
                IterableRules.checkEventId(config.eventIdColumn(), id.asText());
                return id.asText();
            }
        }
        if (config.deriveEventId()) {
            // the same sync and primary key always give the same id, so a replay modifies the event it made
            String seed = run.report().getSyncId() + "/" + record.primaryKey();
            return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
        }
        return null;
    }

    private static Long staticOrColumn(MappedRecord record, Long fixed, String column) {
        if (!isBlank(column)) {
            JsonNode value = record.syncColumn(column);
            if (value != null && !value.isNull() && !value.asText().isEmpty()) {
                try {
                    // 12.5 is no id: read as a long it was 12, another campaign's
                    return value.isNumber() ? value.decimalValue().longValueExact() : Long.parseLong(value.asText().strip());
                } catch (ArithmeticException | NumberFormatException e) {
                    throw new InvalidRecordException(column, SafeText.quoted(value.asText()) + " is not a whole number");
                }
            }
        }
        return fixed;
    }

    private static void add(Set<String> columns, String column) {
        if (!isBlank(column)) {
            columns.add(column);
        }
    }

    static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
