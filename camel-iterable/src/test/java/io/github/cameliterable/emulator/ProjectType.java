package io.github.cameliterable.emulator;

/** How an emulated Iterable project identifies its users. */
public enum ProjectType {
    /** Email identifies a user; userId is a plain, non-unique attribute. */
    EMAIL,
    /** userId identifies a user; email is optional but unique. */
    USER_ID,
    /** Either identifies a user; both are unique. */
    HYBRID
}
