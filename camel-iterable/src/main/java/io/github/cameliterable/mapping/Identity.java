package io.github.cameliterable.mapping;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.cameliterable.state.AsciiText;
import io.github.cameliterable.state.FieldNamesMemo;

/**
 * Who a record is in Iterable. The project type decides which identifier is the key: email projects identify by
 * email (userId is not unique there) unless the sync matches by userId; userId projects by userId; hybrid projects
 * by the {@code matchBy} identifier. The other identifier, when present, rides along as a profile field.
 */
public record Identity(String email, String userId, MatchBy key) implements AsciiText {
    private static final JsonStringEncoder ESCAPES = JsonStringEncoder.getInstance();

    /** The identifier that matches the user. */
    public String keyValue() {
        return key == MatchBy.email ? email : userId;
    }

    /** Which identifier decides, for a project type and the sync's {@code matchBy}. */
    public static MatchBy keyFor(ProjectType projectType, MatchBy matchBy) {
        return switch (projectType) {
            case userId -> MatchBy.userId;
            case email, hybrid -> matchBy;
        };
    }

    /**
     * Writes the identifiers into a user object ({@code email}, {@code userId}). In an email project matched by
     * userId the email is left out: Iterable would match on it instead of the userId.
     */
    public void writeTo(ObjectNode user, ProjectType projectType) {
        if (bodyEmail(projectType) != null) {
            user.put("email", email);
        }
        if (userId != null) {
            user.put("userId", userId);
        }
    }

    /** As {@link #writeTo(ObjectNode, ProjectType)}, the fields written by a generator inside an object. */
    public void writeTo(JsonGenerator user, ProjectType projectType) throws IOException {
        if (bodyEmail(projectType) != null) {
            user.writeStringField("email", email);
        }
        if (userId != null) {
            user.writeStringField("userId", userId);
        }
    }

    /** The email a user object of this identity holds: null when there is none or the userId matches instead. */
    public String bodyEmail(ProjectType projectType) {
        return projectType == ProjectType.email && key == MatchBy.userId ? null : email;
    }

    /** Writes only the identifier that matches ({@code email} or {@code userId}), as event requests want. */
    public void writeKeyTo(ObjectNode target) {
        target.put(keyField(), keyValue());
    }

    /** As {@link #writeKeyTo(ObjectNode)}, the field written by a generator inside an object. */
    public void writeKeyTo(JsonGenerator target) throws IOException {
        target.writeStringField(keyField(), keyValue());
    }

    private String keyField() {
        return key == MatchBy.email ? "email" : "userId";
    }

    /**
     * A small JSON object that can address the user after the record left the model: {@code {"email":...,
     * "userId":...,"key":...}}, written by hand (the row hash takes it for every record) with Jackson's escaping, the
     * same text as the ObjectNode it once was.
     */
    public String toJson() {
        return toJson(null);
    }

    /**
     * As {@link #toJson()}, with the names of the record's fields after the key ({@code "fields":[...]}), as the state
     * keeps it to clear those fields once the record left the model; null leaves the list out.
     */
    public String toJson(Iterator<String> fields) {
        // room for the list of field names too (about 16 characters a name), so the text is not copied as it grows
        StringBuilder json = new StringBuilder(24 + (email == null ? 0 : email.length() + 10)
                + (userId == null ? 0 : userId.length() + 11) + (fields == null ? 0 : 256));
        appendJson(json, fields);
        return json.toString();
    }

    /** Appends {@link #toJson(Iterator)}'s text to {@code json}, without a string of its own (the row hash's text). */
    public void appendJson(StringBuilder json, Iterator<String> fields) {
        json.append('{');
        if (email != null) {
            json.append("\"email\":\"");
            quote(email, json);
            json.append("\",");
        }
        if (userId != null) {
            json.append("\"userId\":\"");
            quote(userId, json);
            json.append("\",");
        }
        json.append("\"key\":\"").append(key.name()).append('"');
        if (fields != null) {
            json.append(FIELD_LISTS.get().of(fields));
        }
        json.append('}');
    }

    private static final byte[] EMAIL = "\"email\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] USER_ID = "\"userId\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY = "\"key\":\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * Writes {@link #toJson()}'s text as bytes (the row hash's, {@link AsciiText}) into
     * {@code into} from {@code at}, before {@code end}; returns where it ends, or -1 when it does not fit or an
     * identifier has a character past ASCII or one JSON escapes.
     */
    @Override
    public int writeAscii(byte[] into, int at, int end) {
        int length = 10 + key.name().length() + (email == null ? 0 : email.length() + 11)
                + (userId == null ? 0 : userId.length() + 12);
        if (end - at < length) {
            return -1;
        }
        int p = at;
        into[p++] = '{';
        if (email != null) {
            p = quotedAscii(EMAIL, email, into, p);
        }
        if (userId != null && p >= 0) {
            p = quotedAscii(USER_ID, userId, into, p);
        }
        if (p < 0) {
            return -1;
        }
        System.arraycopy(KEY, 0, into, p, KEY.length);
        p += KEY.length;
        String name = key.name();
        for (int i = 0; i < name.length(); i++) {
            into[p++] = (byte) name.charAt(i);
        }
        into[p++] = '"';
        into[p++] = '}';
        return p;
    }

    /** {@code "name":"text",} as bytes from {@code at}; -1 when the text is not ASCII without escapes. */
    private static int quotedAscii(byte[] name, String text, byte[] into, int at) {
        System.arraycopy(name, 0, into, at, name.length);
        int p = at + name.length;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                return -1;
            }
            into[p++] = (byte) c;
        }
        into[p++] = '"';
        into[p++] = ',';
        return p;
    }

    /**
     * The {@code ,"fields":[...]} text of the last list of field names this thread wrote: quoting the names again for
     * each row was most of what a fingerprint cost.
     */
    private static final ThreadLocal<FieldNamesMemo<String>> FIELD_LISTS = ThreadLocal
            .withInitial(() -> new FieldNamesMemo<>(Identity::fieldList));

    private static String fieldList(List<String> names) {
        StringBuilder text = new StringBuilder(12 + 16 * names.size()).append(",\"fields\":[");
        for (int i = 0; i < names.size(); i++) {
            text.append(i == 0 ? "\"" : ",\"");
            quote(names.get(i), text);
            text.append('"');
        }
        return text.append(']').toString();
    }

    /**
     * A string as JSON writes it between quotes: as it is when nothing in it is escaped (a control character, a quote
     * or a backslash; Jackson leaves every other character as it is), else with Jackson's escapes.
     */
    private static void quote(String text, StringBuilder json) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                ESCAPES.quoteAsString(text, json);
                return;
            }
        }
        json.append(text);
    }
}
