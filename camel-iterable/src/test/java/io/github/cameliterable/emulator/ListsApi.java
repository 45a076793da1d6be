package io.github.cameliterable.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.emulator.UserDirectory.Outcome;
import io.github.cameliterable.emulator.UserDirectory.Resolution;

import static io.github.cameliterable.emulator.Bodies.bool;
import static io.github.cameliterable.emulator.Bodies.lng;
import static io.github.cameliterable.emulator.Bodies.obj;
import static io.github.cameliterable.emulator.Bodies.objList;
import static io.github.cameliterable.emulator.Bodies.str;

/** The /api/lists endpoints (static lists). */
final class ListsApi {
    private final EmulatorState state;
    private final UserDirectory directory;
    private final UsersApi users;

    ListsApi(EmulatorState state, UserDirectory directory, UsersApi users) {
        this.state = state;
        this.directory = directory;
        this.users = users;
    }

    /** GET /api/lists. */
    EmulatorResponse getLists() {
        List<Map<String, Object>> lists = new ArrayList<>();
        for (EmulatorState.StaticList l : state.lists.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", l.id);
            m.put("name", l.name);
            if (l.description != null) {
                m.put("description", l.description);
            }
            m.put("createdAt", l.createdAt.toEpochMilli());
            m.put("listType", "Standard");
            lists.add(m);
        }
        return EmulatorResponse.json(200, Map.of("lists", lists));
    }

    /** POST /api/lists: a new static list; Iterable allows duplicate names, each list has its own id. */
    EmulatorResponse create(EmulatorRequest req) {
        Map<String, Object> body = req.jsonObject();
        String name = str(body, "name");
        if (name == null || name.isBlank()) {
            throw ApiError.badParams("name is required");
        }
        long id = state.nextListId++;
        state.lists.put(id, new EmulatorState.StaticList(id, name, str(body, "description"), state.now()));
        return EmulatorResponse.json(200, Map.of("listId", id));
    }

    private EmulatorState.StaticList require(Map<String, Object> body) {
        Long listId = lng(body, "listId");
        if (listId == null) {
            throw ApiError.badParams("listId is required");
        }
        EmulatorState.StaticList l = state.lists.get(listId);
        if (l == null) {
            throw ApiError.badParams("List " + listId + " does not exist");
        }
        return l;
    }

    /**
     * POST /api/lists/subscribe: subscribers are created unless updateExistingUsersOnly, which the spec honours
     * only in userID-based and hybrid projects; unknown users then land in notFoundEmails/notFoundUserIds.
     */
    EmulatorResponse subscribe(EmulatorRequest req) {
        Map<String, Object> body = req.jsonObject();
        EmulatorState.StaticList list = require(body);
        List<Map<String, Object>> subscribers = objList(body, "subscribers", true);
        boolean existingOnly = bool(body, "updateExistingUsersOnly", false) && state.projectType != ProjectType.EMAIL;
        List<String> created = users.checkUserFields(subscribers, null, new ArrayList<>());
        BulkResult result = BulkResult.forUsers();
        for (Map<String, Object> s : subscribers) {
            Resolution r = directory.resolve(str(s, "email"), str(s, "userId"), bool(s, "preferUserId", false), !existingOnly);
            if (r.ok()) {
                UserProfile u = directory.apply(r, obj(s, "dataFields"), bool(s, "mergeNestedObjects", false));
                list.members.add(u.internalId);
                result.success();
            } else {
                result.fail(r, str(s, "email"), str(s, "userId"));
            }
        }
        return EmulatorResponse.json(200, result.toUserBulkResponse(created, List.of()));
    }

    /** POST /api/lists/unsubscribe: unknown users are notFound; a known user not on the list counts as success. */
    EmulatorResponse unsubscribe(EmulatorRequest req) {
        Map<String, Object> body = req.jsonObject();
        EmulatorState.StaticList list = require(body);
        List<Map<String, Object>> subscribers = objList(body, "subscribers", true);
        BulkResult result = BulkResult.forUsers();
        for (Map<String, Object> s : subscribers) {
            String email = str(s, "email");
            String userId = str(s, "userId");
            Resolution pre = directory.precheck(email, userId);
            if (pre != null) {
                result.fail(pre, email, userId);
                continue;
            }
            UserProfile u = email != null ? directory.byEmail(email) : directory.byUserId(userId);
            if (u == null) {
                result.fail(new Resolution(email != null ? Outcome.NOT_FOUND_EMAIL : Outcome.NOT_FOUND_USER_ID, null,
                        Identifiers.normalizeEmail(email), userId), email, userId);
                continue;
            }
            list.members.remove(u.internalId);
            result.success();
        }
        return EmulatorResponse.json(200, result.toUserBulkResponse(List.of(), List.of()));
    }
}
