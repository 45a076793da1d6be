package io.github.cameliterable.mapping;

/** How an Iterable project identifies users (Project Settings, "project type"). */
public enum ProjectType {
    /** Email-based: email is the unique identifier; userId is not unique. */
    email,
    /** UserID-based: userId is the unique identifier; email is optional and unique. */
    userId,
    /** Hybrid: email or userId identify a user. */
    hybrid
}
