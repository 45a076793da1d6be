/**
 * Change detection: the state store SPI, the JDBC store (embedded H2, PostgreSQL), row hashing, the set-based diff of
 * a snapshot, and the first-seen repository. Imports Camel's SPI (IdempotentRepository, services) but no other
 * package of this component.
 */
package io.github.cameliterable.state;
