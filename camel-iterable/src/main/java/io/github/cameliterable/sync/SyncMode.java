package io.github.cameliterable.sync;

/** What a sync does with its records; each sync type accepts some of these. */
public enum SyncMode {
    /** users: create or update profiles. */
    upsert,
    /** users: update existing profiles only. */
    update,
    /** lists: subscribe the model's users. */
    add,
    /** lists: unsubscribe the model's users. */
    remove,
    /** userActions: delete the users. */
    delete,
    /** userActions: forget the users (GDPR). */
    forget,
    /** userActions: unforget the users. */
    unforget
}
