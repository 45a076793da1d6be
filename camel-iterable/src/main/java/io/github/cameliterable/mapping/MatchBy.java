package io.github.cameliterable.mapping;

/** Which identifier matches a record to an Iterable user. */
public enum MatchBy {
    email, userId
}
