package io.github.cameliterable.sync;

/** What happens in Iterable to a record that left the model (snapshot runs only). */
public enum DeleteBehavior {
    /** Keep it in Iterable unchanged. */
    nothing,
    /** Keep the user and set the data fields this sync maps to null. */
    clear,
    /** Delete it from Iterable. */
    delete
}
