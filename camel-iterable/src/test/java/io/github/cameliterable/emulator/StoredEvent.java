package io.github.cameliterable.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One tracked event as the emulator keeps it: a few objects, its data fields as their JSON bytes, since a test may
 * track millions (a map of maps was about 3 KB an event, most of it for the garbage collector to copy).
 */
record StoredEvent(String id, String eventName, String email, String userId, long createdAt, byte[] dataFields,
        Long campaignId, Long templateId) {

    /** The event as the inspection API shows it. */
    Map<String, Object> toApi() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", id);
        event.put("eventName", eventName);
        event.put("email", email);
        event.put("userId", userId);
        event.put("createdAt", createdAt);
        event.put("dataFields", dataFields == null ? new LinkedHashMap<>() : Json.readObject(dataFields));
        event.put("campaignId", campaignId);
        event.put("templateId", templateId);
        return event;
    }
}
