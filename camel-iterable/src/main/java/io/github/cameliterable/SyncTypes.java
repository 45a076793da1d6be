package io.github.cameliterable;

import java.time.Duration;

import io.github.cameliterable.client.DailyCaps;
import io.github.cameliterable.sync.CartSync;
import io.github.cameliterable.sync.CatalogSync;
import io.github.cameliterable.sync.DeleteBehavior;
import io.github.cameliterable.sync.EmailSync;
import io.github.cameliterable.sync.EventsSync;
import io.github.cameliterable.sync.ListsSync;
import io.github.cameliterable.sync.RunSettings;
import io.github.cameliterable.sync.SyncMode;
import io.github.cameliterable.sync.SyncType;
import io.github.cameliterable.sync.UserActionsSync;
import io.github.cameliterable.sync.UsersSync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The endpoint path to its sync type, and the endpoint's options to the small settings each part below takes. */
final class SyncTypes {
    private static final Logger LOG = LoggerFactory.getLogger(SyncTypes.class);

    private SyncTypes() {
    }

    static SyncType create(String name, IterableConfiguration c, DailyCaps caps) {
        if (c.getDeleteBehavior() != DeleteBehavior.nothing && !name.equals("users") && !name.equals("catalog")) {
            // not refused: a component-wide deleteBehavior meant for users endpoints reaches every endpoint
            LOG.warn("deleteBehavior={} has no effect on iterable:{} (it applies to users and catalog); a record that"
                    + " left a snapshot's model is handled as the {} sync type says", c.getDeleteBehavior(), name, name);
        }
        if (name.equals("lists") && c.getListId() != null && c.getListName() != null && !c.getListName().isBlank()) {
            // not refused: a route may name its list for its readers; the id decides, and the name is never looked up
            LOG.warn("listName='{}' has no effect on iterable:lists with listId={}: the list is {}, whatever its name (set"
                    + " one of the two)", c.getListName(), c.getListId(), c.getListId());
        }
        return switch (name) {
            case "users" -> new UsersSync(new UsersSync.Settings(mode(c), c.getProjectType(), optional(c.getCreateNewFields()),
                    c.isMergeNestedObjects(), c.getDeleteBehavior(), c.isPreflightFieldTypes()));
            case "events" -> new EventsSync(new EventsSync.Settings(c.getEventType(), c.getEventName(),
                    c.getEventNameColumn(), c.getCreatedAtColumn(), c.getEventIdColumn(), c.isDeriveEventId(),
                    c.getCampaignId(), c.getCampaignIdColumn(), c.getTemplateId(), c.getTemplateIdColumn(),
                    c.getItemsColumn(), c.getTotalColumn(), optional(c.getCreateNewFields()), c.getProjectType()));
            case "cart" -> new CartSync(new CartSync.Settings(c.getItemsColumn(), c.getProjectType(),
                    c.isMergeNestedObjects()));
            case "catalog" -> new CatalogSync(new CatalogSync.Settings(c.getCatalogName(), c.getIdColumn(),
                    c.isReplaceUploadedFieldsOnly(), c.isCreateCatalog(), c.getDeleteBehavior(), c.isDryRun()));
            case "lists" -> new ListsSync(new ListsSync.Settings(mode(c), c.getListId(), c.getListName(),
                    optional(c.getUpdateExistingUsersOnly()), c.getProjectType()));
            case "email" -> new EmailSync(new EmailSync.Settings(c.getNewEmailColumn(), c.getUserIdColumn(),
                    c.getProjectType()));
            case "userActions" -> new UserActionsSync(new UserActionsSync.Settings(mode(c), c.getProjectType(),
                    c.getMatchBy(), c.getDailyActionCap()), caps);
            default -> throw new IllegalArgumentException(
                    "Unknown sync type '" + name + "': use users, events, cart, catalog, lists, email or userActions");
        };
    }

    static RunSettings runSettings(IterableConfiguration c, String syncId) {
        return new RunSettings(syncId, c.isDryRun(), c.isSnapshot(), c.getMaxConcurrentRequests(), c.getBatchSize(),
                c.getMaxBatchBytes(), Duration.ofMillis(c.getLinger()), c.getMaxRemovalPercent(), c.isAllowEmptySnapshot(),
                Duration.ofMillis(c.getLeaseWaitTime()));
    }

    /** The mode option, or the deprecated action option it replaced. */
    @SuppressWarnings("deprecation")
    private static SyncMode mode(IterableConfiguration c) {
        if (c.getAction() == null) {
            return c.getMode();
        }
        if (c.getMode() != null && c.getMode() != c.getAction()) {
            throw new IllegalArgumentException("mode=" + c.getMode() + " and the deprecated action=" + c.getAction()
                    + " disagree: set mode only");
        }
        return c.getAction();
    }

    /** A tri-state option (true, false or empty: the project's setting), already checked by the configuration. */
    private static Boolean optional(String value) {
        return value == null ? null : Boolean.valueOf(value);
    }
}
