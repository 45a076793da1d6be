package io.github.cameliterable.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds, creates and updates users by the project type's identity rules. Shared by every API area that
 * touches a profile (users, events, commerce, lists), so that each rule lives in one place.
 */
final class UserDirectory {

    /** What a request's {email, userId} pair means in this project. */
    enum Outcome {
        EXISTING, CREATE, MISSING_ID, INVALID_EMAIL, INVALID_USER_ID, FORGOTTEN_EMAIL, FORGOTTEN_USER_ID, NOT_FOUND_EMAIL, NOT_FOUND_USER_ID, CONFLICT_EMAIL, CONFLICT_USER_ID
    }

    /** The decision for one identity; {@code email}/{@code userId} are the normalized values to store. */
    record Resolution(Outcome outcome, UserProfile user, String email, String userId) {
        boolean ok() {
            return outcome == Outcome.EXISTING || outcome == Outcome.CREATE;
        }
    }

    private final EmulatorState state;

    UserDirectory(EmulatorState state) {
        this.state = state;
    }

    UserProfile byEmail(String email) {
        return email == null ? null : state.usersByEmail.get(Identifiers.normalizeEmail(email));
    }

    /** All users with this userId, in creation order: several in email projects, where userId is not unique. */
    List<UserProfile> allByUserId(String userId) {
        List<UserProfile> all = userId == null ? null : state.usersByUserId.get(userId);
        return all == null ? new ArrayList<>() : new ArrayList<>(all);
    }

    UserProfile byUserId(String userId) {
        List<UserProfile> all = userId == null ? null : state.usersByUserId.get(userId);
        return all == null ? null : all.get(0);
    }

    /** Syntax and GDPR checks that do not depend on stored users. */
    Resolution precheck(String rawEmail, String userId) {
        String email = rawEmail == null ? null : Identifiers.normalizeEmail(rawEmail);
        if (email == null && userId == null) {
            return new Resolution(Outcome.MISSING_ID, null, null, null);
        }
        if (email != null && !Identifiers.validEmail(email)) {
            return new Resolution(Outcome.INVALID_EMAIL, null, rawEmail, userId);
        }
        if (userId != null && !Identifiers.validUserId(userId)) {
            return new Resolution(Outcome.INVALID_USER_ID, null, email, userId);
        }
        if (email != null && state.forgottenEmails.contains(email)) {
            return new Resolution(Outcome.FORGOTTEN_EMAIL, null, email, userId);
        }
        if (userId != null && state.forgottenUserIds.contains(userId)) {
            return new Resolution(Outcome.FORGOTTEN_USER_ID, null, email, userId);
        }
        return null;
    }

    /**
     * Resolves an identity. {@code preferUserId} is honoured in email projects only (spec); {@code createMissing}
     * false means "existing users only" (lists' updateExistingUsersOnly, which the spec honours outside email projects).
     */
    Resolution resolve(String rawEmail, String userId, boolean preferUserId, boolean createMissing) {
        Resolution pre = precheck(rawEmail, userId);
        if (pre != null) {
            return pre;
        }
        return resolvePrechecked(rawEmail, userId, preferUserId, createMissing);
    }

    /** As {@link #resolve}, for an identity whose {@link #precheck} passed. */
    Resolution resolvePrechecked(String rawEmail, String userId, boolean preferUserId, boolean createMissing) {
        String email = Identifiers.normalizeEmail(rawEmail);
        return switch (state.projectType) {
            case EMAIL -> resolveEmailProject(email, userId, preferUserId);
            case USER_ID -> resolveUserIdProject(email, userId, createMissing);
            case HYBRID -> resolveHybridProject(email, userId, createMissing);
        };
    }

    private Resolution resolveEmailProject(String email, String userId, boolean preferUserId) {
        if (email != null) {
            UserProfile u = byEmail(email);
            return new Resolution(u != null ? Outcome.EXISTING : Outcome.CREATE, u, email, userId);
        }
        UserProfile u = byUserId(userId);
        if (u != null) {
            return new Resolution(Outcome.EXISTING, u, u.email, userId);
        }
        if (preferUserId) {
            // Iterable gives such a user a placeholder address derived from the userId
            return new Resolution(Outcome.CREATE, null, placeholderEmail(userId), userId);
        }
        return new Resolution(Outcome.NOT_FOUND_USER_ID, null, null, userId);
    }

    private Resolution resolveUserIdProject(String email, String userId, boolean createMissing) {
        if (userId == null) {
            UserProfile u = byEmail(email);
            return u != null ? new Resolution(Outcome.EXISTING, u, email, u.userId)
                    : new Resolution(Outcome.NOT_FOUND_EMAIL, null, email, null);
        }
        UserProfile u = byUserId(userId);
        UserProfile owner = byEmail(email);
        if (owner != null && owner != u) {
            return new Resolution(Outcome.CONFLICT_EMAIL, u, email, userId);
        }
        if (u != null) {
            return new Resolution(Outcome.EXISTING, u, email, userId);
        }
        return createMissing ? new Resolution(Outcome.CREATE, null, email, userId)
                : new Resolution(Outcome.NOT_FOUND_USER_ID, null, email, userId);
    }

    private Resolution resolveHybridProject(String email, String userId, boolean createMissing) {
        UserProfile byU = byUserId(userId);
        UserProfile byE = byEmail(email);
        if (byU != null && byE != null && byU != byE) {
            return new Resolution(Outcome.CONFLICT_EMAIL, byU, email, userId);
        }
        UserProfile u = byU != null ? byU : byE;
        if (u != null) {
            if (userId != null && u.userId != null && !u.userId.equals(userId)) {
                return new Resolution(Outcome.CONFLICT_USER_ID, u, email, userId);
            }
            return new Resolution(Outcome.EXISTING, u, email, userId);
        }
        if (!createMissing) {
            return new Resolution(userId != null ? Outcome.NOT_FOUND_USER_ID : Outcome.NOT_FOUND_EMAIL, null, email, userId);
        }
        return new Resolution(Outcome.CREATE, null, email, userId);
    }

    static String placeholderEmail(String userId) {
        return Integer.toHexString(userId.hashCode()) + "-" + userId.length() + "@placeholder.email";
    }

    /** Creates or updates the resolved user and applies its data fields. */
    UserProfile apply(Resolution r, Map<String, Object> dataFields, boolean mergeNestedObjects) {
        UserProfile u = r.user();
        if (r.outcome() == Outcome.CREATE) {
            u = new UserProfile(state.nextUserId++, r.email(), state.now());
            state.users.put(u.internalId, u);
            if (u.email != null) {
                state.usersByEmail.put(u.email, u);
            }
            assignUserId(u, r.userId());
        } else {
            // identifiers in the request are stored on the profile (email projects: userId is an attribute)
            if (r.userId() != null) {
                assignUserId(u, r.userId());
            }
            if (r.email() != null && !r.email().equals(u.email)) {
                changeEmail(u, r.email());
            }
            u.profileUpdatedAt = state.now();
        }
        mergeDataFields(u, dataFields, mergeNestedObjects);
        return u;
    }

    @SuppressWarnings("unchecked")
    static void mergeDataFields(UserProfile u, Map<String, Object> dataFields, boolean mergeNestedObjects) {
        if (dataFields == null || dataFields.isEmpty()) {
            return;
        }
        if (!u.hasDataFields() && !dataFields.containsValue(null)) {
            // a new user's fields are the request's as they are (storing them copies them)
            u.dataFields(dataFields);
            return;
        }
        Map<String, Object> fields = u.dataFields();
        for (Map.Entry<String, Object> e : dataFields.entrySet()) {
            Object incoming = e.getValue();
            Object current = fields.get(e.getKey());
            if (incoming == null) {
                // null clears the field
                fields.remove(e.getKey());
            } else if (mergeNestedObjects && current instanceof Map && incoming instanceof Map) {
                ((Map<String, Object>) current).putAll((Map<String, Object>) incoming);
            } else {
                fields.put(e.getKey(), incoming);
            }
        }
        u.dataFields(fields);
    }

    /** Sets a user's userId and keeps the index by userId in creation order. */
    private void assignUserId(UserProfile u, String userId) {
        if (Objects.equals(u.userId, userId)) {
            return;
        }
        unindexUserId(u);
        u.userId = userId;
        if (userId != null) {
            List<UserProfile> all = state.usersByUserId.computeIfAbsent(userId, k -> new ArrayList<>(1));
            int at = all.size();
            while (at > 0 && all.get(at - 1).internalId > u.internalId) {
                at--;
            }
            all.add(at, u);
        }
    }

    private void unindexUserId(UserProfile u) {
        List<UserProfile> all = u.userId == null ? null : state.usersByUserId.get(u.userId);
        if (all != null) {
            all.remove(u);
            if (all.isEmpty()) {
                state.usersByUserId.remove(u.userId);
            }
        }
    }

    void changeEmail(UserProfile u, String newEmail) {
        if (u.email != null) {
            state.usersByEmail.remove(u.email);
        }
        u.email = newEmail;
        state.usersByEmail.put(newEmail, u);
        u.profileUpdatedAt = state.now();
    }

    void remove(UserProfile u) {
        state.users.remove(u.internalId);
        unindexUserId(u);
        if (u.email != null) {
            state.usersByEmail.remove(u.email);
        }
        for (EmulatorState.StaticList l : state.lists.values()) {
            l.members.remove(u.internalId);
        }
    }
}
