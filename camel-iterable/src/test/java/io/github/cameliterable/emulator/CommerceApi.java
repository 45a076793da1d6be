package io.github.cameliterable.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.github.cameliterable.emulator.Bodies.lng;
import static io.github.cameliterable.emulator.Bodies.obj;
import static io.github.cameliterable.emulator.Bodies.objList;
import static io.github.cameliterable.emulator.Bodies.str;

/** The /api/commerce endpoints: purchases and shopping carts. */
final class CommerceApi {
    private static final String CART_FIELD = "shoppingCartItems";

    private final EmulatorState state;
    private final UsersApi users;
    private final EventsApi events;

    CommerceApi(EmulatorState state, UsersApi users, EventsApi events) {
        this.state = state;
        this.users = users;
        this.events = events;
    }

    /** POST /api/commerce/trackPurchase: stores the purchase, upserts the user, clears the cart. */
    EmulatorResponse trackPurchase(EmulatorRequest req) {
        Map<String, Object> body = req.jsonObject();
        Map<String, Object> user = requireUser(body);
        List<Map<String, Object>> items = objList(body, "items", true);
        Object total = body.get("total");
        if (!(total instanceof Number)) {
            throw ApiError.badParams("total is required and must be a number");
        }
        items.forEach(CommerceApi::checkItem);
        // purchase data fields are typed like the fields of an event named "purchase"
        FieldTypes.Batch batch = state.fieldTypes.batch();
        Map<String, Object> dataFields = obj(body, "dataFields");
        batch.check(FieldTypes.eventScope("purchase"), "event", dataFields, dataFields == null ? Map.of() : dataFields);
        if (!batch.clean()) {
            throw batch.error();
        }
        UserProfile u = users.upsertSingle(user);
        batch.commit();
        Map<String, Object> fields = u.dataFields();
        fields.put(CART_FIELD, new ArrayList<>());
        u.dataFields(fields);
        String id = str(body, "id");
        if (id == null || id.isEmpty()) {
            id = state.newEventId();
        }
        Map<String, Object> purchase = new LinkedHashMap<>();
        purchase.put("id", id);
        purchase.put("email", u.email);
        purchase.put("userId", u.userId);
        purchase.put("items", Json.copy(items));
        purchase.put("total", ((Number) total).doubleValue());
        Long createdAt = lng(body, "createdAt");
        purchase.put("createdAt", createdAt != null ? createdAt : state.now().getEpochSecond());
        purchase.put("campaignId", lng(body, "campaignId"));
        purchase.put("templateId", lng(body, "templateId"));
        purchase.put("dataFields", Json.copy(dataFields == null ? Map.of() : dataFields));
        // an existing id is updated in place (spec)
        state.purchases.put(id, purchase);
        return EmulatorResponse.success("", Map.of("id", id));
    }

    /** POST /api/commerce/updateCart: sets shoppingCartItems, upserts the user, records an updateCart event. */
    EmulatorResponse updateCart(EmulatorRequest req) {
        Map<String, Object> body = req.jsonObject();
        Map<String, Object> user = requireUser(body);
        List<Map<String, Object>> items = objList(body, "items", true);
        items.forEach(CommerceApi::checkItem);
        // the cart is a user field with Iterable's predefined schema, so checking it as user data enforces that
        Map<String, Object> withCart = new LinkedHashMap<>(user);
        Map<String, Object> fields = new LinkedHashMap<>(obj(user, "dataFields") == null ? Map.of() : obj(user, "dataFields"));
        fields.put(CART_FIELD, items);
        withCart.put("dataFields", fields);
        UserProfile u = users.upsertSingle(withCart);
        events.record("updateCart", u, Map.of(CART_FIELD, items));
        return EmulatorResponse.success("", null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> requireUser(Map<String, Object> body) {
        Map<String, Object> user = obj(body, "user");
        if (user == null) {
            throw ApiError.badParams("user is required");
        }
        return user;
    }

    /** CommerceItem requires id, name, price and quantity (spec). */
    private static void checkItem(Map<String, Object> item) {
        for (String f : List.of("id", "name", "price", "quantity")) {
            if (item.get(f) == null) {
                throw ApiError.badParams("Commerce item is missing required field '" + f + "'");
            }
        }
        if (!(item.get("price") instanceof Number) || !(item.get("quantity") instanceof Long)) {
            throw ApiError.badParams("Commerce item price must be a number and quantity an integer");
        }
    }
}
