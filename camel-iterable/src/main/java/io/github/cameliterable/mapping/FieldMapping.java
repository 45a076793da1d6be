package io.github.cameliterable.mapping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.cameliterable.state.RowHash;

/**
 * Maps a row's columns to what Iterable receives. Without {@code fields}, every column that is not an identifier,
 * the primary key column or a column the sync type reads itself becomes a data field of the same name. With
 * {@code fields} ({@code column:target,column2}), exactly the listed columns are mapped, renamed to their target;
 * a dotted target ({@code address.city}) builds nested objects.
 */
public final class FieldMapping {

    /**
     * What the mapping needs to know; the sync type adds its own columns, whether a user identity is needed and
     * whether a record with no primary key value is keyed by its content ({@code contentKey}: events, many per user).
     */
    public record Settings(
            ProjectType projectType,
            MatchBy matchBy,
            String emailColumn,
            String userIdColumn,
            String primaryKeyColumn,
            String fields,
            Set<String> syncColumns,
            boolean identityRequired,
            boolean contentKey) {
    }

    /** The start of a key made of a record's content (its row hash), so that a report tells it from a column's. */
    public static final String CONTENT_KEY_PREFIX = "content:";

    private final Settings settings;
    private final boolean keyedByEmail;
    private final boolean hashing;
    /** The row hash of the state the records are compared with; a content key is always SHA-256's. */
    private final RowHash.Function rowHash;
    private final MatchBy key;
    private final Map<String, String[]> targets;
    private final IterableValues values;
    /** Every target a top-level name of its own: the fields are written straight from the row, like a pass-through. */
    private final boolean flatTargets;
    private final JsonBytes bytes;
    /** The sync columns, in the order {@link #optionColumns} finds them after the identifiers and keys. */
    private final String[] syncOptions;
    /** The row's names for email, userId, the key (as mapped, as set), the sync columns and the targets, in order. */
    private final OptionColumns optionColumns;
    /** The names data fields are written under: checked, ordered and quoted once for the rows that share them. */
    private final FieldNames fieldNames;

    /**
     * With {@code hashing} false the records carry no hash (null): without change detection nothing reads it, and
     * hashing was about a third of the client's time per record (docs/performance.md).
     */
    public FieldMapping(Settings settings, ObjectMapper json, boolean hashing) {
        this(settings, json, hashing ? RowHash.Function.SHA_256 : null);
    }

    /** Records hashed by {@code rowHash} (the state store's), or carrying no hash when it is null. */
    public FieldMapping(Settings settings, ObjectMapper json, RowHash.Function rowHash) {
        this.hashing = rowHash != null;
        this.rowHash = rowHash;
        this.settings = settings;
        this.key = Identity.keyFor(settings.projectType(), settings.matchBy());
        this.targets = parse(settings.fields());
        this.flatTargets = targets.values().stream().allMatch(path -> path.length == 1)
                && targets.values().stream().map(path -> path[0]).distinct().count() == targets.size();
        this.values = new IterableValues(json);
        this.bytes = new JsonBytes(json);
        this.fieldNames = new FieldNames(values, bytes, rowHash == RowHash.Function.XXH3_128_JSON);
        String primaryKeyColumn = primaryKeyColumn();
        this.keyedByEmail = primaryKeyColumn != null && primaryKeyColumn.equalsIgnoreCase(settings.emailColumn());
        this.syncOptions = settings.syncColumns().toArray(new String[0]);
        List<String> options = new ArrayList<>(Arrays.asList(settings.emailColumn(), settings.userIdColumn(),
                primaryKeyColumn, settings.primaryKeyColumn()));
        options.addAll(Arrays.asList(syncOptions));
        options.addAll(targets.keySet());
        this.optionColumns = new OptionColumns(options.toArray(new String[0]));
    }

    /**
     * Whether records are keyed by their email: the key is then the email as Iterable compares it (without case), so
     * that {@code User@Example.com} after {@code user@example.com} is the same record, not a removal and a new one.
     */
    public boolean keyedByEmail() {
        return keyedByEmail;
    }

    /** Which identifier matches users in this sync. */
    public MatchBy key() {
        return key;
    }

    /**
     * Writes into {@code dataFields} a null for each field this sync writes, nested as its target is
     * ({@code city:address.city} clears {@code {"address":{"city":null}}}, not the whole address); false, with
     * nothing written, when every column passes through (the fields are then those the state listed for the record).
     */
    public boolean writeNulls(ObjectNode dataFields) {
        if (targets.isEmpty()) {
            return false;
        }
        targets.values().forEach(path -> put(dataFields, path, NullNode.instance));
        return true;
    }

    /**
     * The key the state holds for the row, read from its primary key column alone: what {@link #map} would key it by,
     * for a row that cannot be mapped (a bad value elsewhere in it), so that its key still counts as in the model. Null
     * when the row has none, or its records are keyed by their content.
     */
    public String stateKey(SourceRecord row) {
        String column = primaryKeyColumn();
        if (column == null) {
            return null;
        }
        try {
            String actual = row.column(column);
            return stateKey(text(column, actual == null ? null : row.columns().get(actual)));
        } catch (InvalidRecordException e) {
            return null; // two columns match the key's name: no key to tell
        }
    }

    /** A primary key's text as the state keys it: the email as Iterable compares it, when keyed by email. */
    private String stateKey(String primaryKey) {
        return primaryKey != null && keyedByEmail ? IterableRules.emailKey(primaryKey) : primaryKey;
    }

    /** Maps one row; throws {@link InvalidRecordException} naming the field when it cannot be sent. */
    public MappedRecord map(SourceRecord row) {
        return map(row, true);
    }

    /**
     * As {@link #map(SourceRecord)}; with {@code hash} false the record's hash is left for {@link #hashed} (on
     * another thread).
     */
    public MappedRecord map(SourceRecord row, boolean hash) {
        Map<String, Object> columns = row.columns();
        // each column an option names is looked up once for the rows of a model (OptionColumns)
        String[] found = optionColumns.of(row);
        String emailName = found[0];
        String userIdName = found[1];
        String email = text(settings.emailColumn(), emailName == null ? null : columns.get(emailName));
        String userId = text(settings.userIdColumn(), userIdName == null ? null : columns.get(userIdName));
        Identity identity = new Identity(email, userId, key);
        if (settings.identityRequired()) {
            String keyColumn = key == MatchBy.email ? settings.emailColumn() : settings.userIdColumn();
            if (identity.keyValue() == null) {
                throw new InvalidRecordException(keyColumn, "the record has no " + key
                        + ", which identifies users in this sync (column '"
                        + keyColumn + "')");
            }
            if (email != null && !(projectIgnoresEmail())) {
                IterableRules.checkEmail(settings.emailColumn(), email);
            }
            if (userId != null) {
                IterableRules.checkUserId(settings.userIdColumn(), userId);
            }
        }

        String primaryKeyColumn = primaryKeyColumn();
        String primaryKeyName = found[2];
        String primaryKey = stateKey(text(primaryKeyColumn, primaryKeyName == null ? null : columns.get(primaryKeyName)));
        if (primaryKey == null && !settings.contentKey()) {
            throw new InvalidRecordException(primaryKeyColumn, "the primary key column '" + primaryKeyColumn + "' is empty");
        }

        Map<String, JsonNode> syncColumns = settings.syncColumns().isEmpty() ? Map.of() : new LinkedHashMap<>();
        // sync columns are keyed by the option's name, whatever case the row uses
        String[] syncNames = syncOptions.length == 0 ? syncOptions : new String[syncOptions.length];
        for (int s = 0; s < syncOptions.length; s++) {
            String actual = found[4 + s];
            syncNames[s] = actual;
            if (actual != null) {
                syncColumns.put(syncOptions[s], values.toJson(actual, columns.get(actual)));
            }
        }
        int target = 4 + syncOptions.length; // the targets' names follow in found
        DataFields dataFields;
        if (targets.isEmpty()) {
            // the identifier, primary key and sync columns are never passed through as data fields
            String reservedEmail = settings.identityRequired() ? emailName : null;
            String reservedUserId = settings.identityRequired() ? userIdName : null;
            dataFields = fieldNames.passedThrough(columns, reservedEmail, reservedUserId, found[3], syncNames);
        } else if (flatTargets) {
            String[] names = new String[targets.size()];
            Object[] plain = new Object[names.length];
            int count = 0;
            for (String[] path : targets.values()) {
                String actual = found[target++];
                if (actual == null) {
                    continue; // a column absent from this row leaves the field untouched in Iterable
                }
                names[count] = path[0];
                plain[count++] = values.plainOrNode(actual, columns.get(actual));
            }
            dataFields = fieldNames.written(names, plain, count);
        } else {
            ObjectNode tree = JsonNodeFactory.instance.objectNode();
            for (String[] path : targets.values()) {
                String actual = found[target++];
                if (actual == null) {
                    continue; // a column absent from this row leaves the field untouched in Iterable
                }
                put(tree, path, values.toJson(actual, columns.get(actual)));
            }
            dataFields = DataFields.of(tree);
        }
        Map<String, JsonNode> columnsRead = syncColumns.isEmpty() ? Map.of() : Collections.unmodifiableMap(syncColumns);
        String recordHash = null;
        if (primaryKey == null) {
            // keyed by its content: the same record again is the same key, another one of the same user a new key; a
            // content key is SHA-256's in every state (a key of another function would make each known record new)
            String content = hashOf(RowHash.Function.SHA_256, identity, dataFields, columnsRead);
            primaryKey = CONTENT_KEY_PREFIX + content;
            recordHash = hashing ? content : null;
        } else if (hash && hashing) {
            recordHash = hashOf(rowHash, identity, dataFields, columnsRead);
        }
        return new MappedRecord(row.index(), primaryKey, identity, dataFields, columnsRead, recordHash);
    }

    /**
     * The record with its hash (change detection's); as it is without change detection or when it has one. The
     * identity's JSON is written straight into the hash's text; the state's (with the fields' names) is written on
     * the run loop only for records sent: a rerun's unchanged rows never need it.
     */
    public MappedRecord hashed(MappedRecord record) {
        if (!hashing || record.hash() != null) {
            return record;
        }
        return new MappedRecord(record.index(), record.primaryKey(), record.identity(), record.dataFields(),
                record.syncColumns(), hashOf(rowHash, record.identity(), record.dataFields(), record.syncColumns()));
    }

    private String hashOf(RowHash.Function function, Identity identity, DataFields dataFields,
            Map<String, JsonNode> syncColumns) {
        return dataFields.hash(function, text -> identity.appendJson(text, null), identity, syncColumns, bytes);
    }

    /** The primary key column; null when a record is keyed by its content (no column set, {@code contentKey}). */
    public String primaryKeyColumn() {
        if (settings.primaryKeyColumn() != null && !settings.primaryKeyColumn().isBlank()) {
            return settings.primaryKeyColumn();
        }
        if (settings.contentKey()) {
            return null;
        }
        return key == MatchBy.email ? settings.emailColumn() : settings.userIdColumn();
    }

    // in an email project matched by userId, the email column is not sent as an identifier
    private boolean projectIgnoresEmail() {
        return settings.projectType() == ProjectType.email && key == MatchBy.userId;
    }

    private static void put(ObjectNode root, String[] path, JsonNode value) {
        ObjectNode parent = root;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = parent.get(path[i]);
            if (!(child instanceof ObjectNode)) {
                child = parent.putObject(path[i]);
            }
            parent = (ObjectNode) child;
        }
        parent.set(path[path.length - 1], value);
    }

    private static String text(String column, Object value) {
        if (value == null) {
            return null;
        }
        String text = value instanceof JsonNode node ? node.asText() : String.valueOf(value);
        return text.isEmpty() ? null : text;
    }

    /** Parses {@code col:target,col2,col3:nested.name}; an entry without a target keeps the column's name. */
    static Map<String, String[]> parse(String fields) {
        Map<String, String[]> targets = new LinkedHashMap<>();
        if (fields == null || fields.isBlank()) {
            return targets;
        }
        for (String entry : fields.split(",")) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            String column = colon < 0 ? trimmed : trimmed.substring(0, colon).strip();
            String target = colon < 0 ? column : trimmed.substring(colon + 1).strip();
            if (column.isEmpty() || target.isEmpty() || target.startsWith(".") || target.endsWith(".")
                    || target.contains("..")) {
                throw new IllegalArgumentException("Invalid entry '" + trimmed + "' in option fields: expected column:target");
            }
            targets.put(column, target.split("\\."));
        }
        return targets;
    }
}
