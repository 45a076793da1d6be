package io.github.cameliterable.emulator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the emulated Iterable project holds. Plain collections: every read and write happens under the
 * emulator's single lock, which keeps each request atomic as Iterable's answers imply.
 */
final class EmulatorState {
    final ProjectType projectType;
    final Clock clock;
    final FieldTypes fieldTypes = new FieldTypes();

    final Map<Long, UserProfile> users = new LinkedHashMap<>();
    final Map<String, UserProfile> usersByEmail = new LinkedHashMap<>();
    /** Users by userId, each list in creation order: not unique in email projects, where userId is an attribute. */
    final Map<String, List<UserProfile>> usersByUserId = new HashMap<>();
    final Set<String> forgottenEmails = new LinkedHashSet<>();
    final Set<String> forgottenUserIds = new LinkedHashSet<>();
    final List<String> deleted = new ArrayList<>();
    final Map<String, StoredEvent> events = new LinkedHashMap<>();
    final Map<String, Map<String, Object>> purchases = new LinkedHashMap<>();
    final Map<String, Catalog> catalogs = new LinkedHashMap<>();
    final Map<Long, StaticList> lists = new LinkedHashMap<>();
    final Deque<Instant> forgetCalls = new ArrayDeque<>();
    final Deque<Instant> unforgetCalls = new ArrayDeque<>();
    final List<RecordedRequest> journal = new ArrayList<>();
    final List<ContractViolation> violations = new ArrayList<>();

    long nextUserId = 1;
    long nextListId = 1000;
    long nextEventId = 1;

    EmulatorState(ProjectType projectType, Clock clock) {
        this.projectType = projectType;
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    void reset() {
        users.clear();
        usersByEmail.clear();
        usersByUserId.clear();
        forgottenEmails.clear();
        forgottenUserIds.clear();
        deleted.clear();
        events.clear();
        purchases.clear();
        catalogs.clear();
        lists.clear();
        forgetCalls.clear();
        unforgetCalls.clear();
        journal.clear();
        violations.clear();
        fieldTypes.reset();
        nextUserId = 1;
        nextListId = 1000;
        nextEventId = 1;
    }

    String newEventId() {
        // Iterable's generated ids are opaque strings; a counter keeps runs reproducible
        return String.format("%032x", nextEventId++);
    }

    /** A catalog: its items by id, the field types set through fieldMappings, and the fields seen in items. */
    static final class Catalog {
        final String name;
        final Map<String, Map<String, Object>> items = new LinkedHashMap<>();
        final Map<String, Instant> lastModified = new LinkedHashMap<>();
        final Map<String, String> definedMappings = new LinkedHashMap<>();
        final Set<String> seenFields = new java.util.TreeSet<>();

        Catalog(String name) {
            this.name = name;
        }
    }

    /** A static list and its members (internal user ids, so that an email change keeps membership). */
    static final class StaticList {
        final long id;
        final String name;
        final String description;
        final Instant createdAt;
        final Set<Long> members = new LinkedHashSet<>();

        StaticList(long id, String name, String description, Instant createdAt) {
            this.id = id;
            this.name = name;
            this.description = description;
            this.createdAt = createdAt;
        }
    }
}
