package io.github.cameliterable.emulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.emulator.UserDirectory.Resolution;

import static io.github.cameliterable.emulator.Bodies.lng;
import static io.github.cameliterable.emulator.Bodies.obj;
import static io.github.cameliterable.emulator.Bodies.objList;
import static io.github.cameliterable.emulator.Bodies.str;

/** The /api/events endpoints; also stores the events that commerce calls record. */
final class EventsApi {
    private final EmulatorState state;
    private final UserDirectory directory;

    EventsApi(EmulatorState state, UserDirectory directory) {
        this.state = state;
        this.directory = directory;
    }

    /** POST /api/events/trackBulk. */
    EmulatorResponse trackBulk(EmulatorRequest req) {
        List<Map<String, Object>> events = objList(req.jsonObject(), "events", true);
        List<String> created = checkEventFields(events);
        BulkResult result = BulkResult.forEvents();
        for (Map<String, Object> event : events) {
            Resolution r = resolveEventUser(event);
            if (r.ok()) {
                store(event, r);
                result.success();
            } else {
                result.fail(r, str(event, "email"), str(event, "userId"));
            }
        }
        return EmulatorResponse.json(200, result.toEventBulkResponse(created, List.of()));
    }

    /** POST /api/events/track. */
    EmulatorResponse track(EmulatorRequest req) {
        Map<String, Object> event = req.jsonObject();
        checkEventFields(List.of(event));
        Resolution r = resolveEventUser(event);
        if (!r.ok()) {
            ApiError e = UsersApi.singleUserError(r, str(event, "email"), str(event, "userId"));
            // the spec lists no 409 for track: a forgotten user is a 400 here
            throw e.status == 409 ? new ApiError(400, e.code, e.getMessage()) : e;
        }
        String id = store(event, r);
        return EmulatorResponse.success("Event with id: " + id + " tracked.", Map.of("id", id));
    }

    /** Event data fields are typed per event name; the whole request fails on a mismatch. */
    private List<String> checkEventFields(List<Map<String, Object>> events) {
        FieldTypes.Batch batch = state.fieldTypes.batch();
        // the data fields of each name's first event, found in one pass (a scan per event was quadratic in the names)
        Map<String, Map<String, Object>> firstFields = new HashMap<>();
        for (Map<String, Object> event : events) {
            String name = str(event, "eventName");
            if (name == null || name.isEmpty()) {
                throw ApiError.badParams("eventName is required");
            }
            Map<String, Object> first = firstFields.computeIfAbsent(name, k -> {
                Map<String, Object> f = obj(event, "dataFields");
                return f == null ? Map.of() : f;
            });
            batch.check(FieldTypes.eventScope(name), "event", obj(event, "dataFields"), first);
        }
        if (!batch.clean()) {
            throw batch.error();
        }
        return batch.commit();
    }

    /** Tracking for an unknown user creates it, except by a bare userId in an email project (not found). */
    private Resolution resolveEventUser(Map<String, Object> event) {
        return directory.resolve(str(event, "email"), str(event, "userId"), false, true);
    }

    /** Stores the event; an existing id is replaced (the spec: "the event will be updated"). Returns the id. */
    private String store(Map<String, Object> event, Resolution r) {
        UserProfile u = directory.apply(r, null, false);
        String id = str(event, "id");
        if (id == null || id.isEmpty()) {
            id = state.newEventId();
        }
        Long createdAt = lng(event, "createdAt");
        state.events.put(id, new StoredEvent(id, str(event, "eventName"), u.email, u.userId,
                createdAt != null ? createdAt : state.now().getEpochSecond(), Json.bytesOf(obj(event, "dataFields")),
                lng(event, "campaignId"), lng(event, "templateId")));
        return id;
    }

    /** Records an event produced by another API (updateCart). */
    void record(String eventName, UserProfile u, Map<String, Object> dataFields) {
        String id = state.newEventId();
        state.events.put(id, new StoredEvent(id, eventName, u.email, u.userId, state.now().getEpochSecond(),
                Json.bytesOf(dataFields), null, null));
    }

    static List<Map<String, Object>> snapshot(Map<String, StoredEvent> events) {
        List<Map<String, Object>> out = new ArrayList<>();
        events.values().forEach(e -> out.add(Json.frozenMap(e.toApi())));
        return List.copyOf(out);
    }
}
