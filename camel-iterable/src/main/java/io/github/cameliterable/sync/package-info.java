/**
 * One class per sync type ({@code UsersSync}, {@code EventsSync}, {@code CartSync}, {@code CatalogSync},
 * {@code ListsSync}, {@code EmailSync}, {@code UserActionsSync}), each built from its own small {@code Settings}
 * record; the run loop ({@code SyncRun}), the byte-aware batcher, items and the sync report. Imports
 * {@code client}, {@code mapping} and {@code state}; never {@code observability} or the Camel shell.
 */
package io.github.cameliterable.sync;
