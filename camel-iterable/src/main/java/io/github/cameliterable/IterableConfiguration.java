package io.github.cameliterable;

import java.util.Locale;

import javax.sql.DataSource;

import io.github.cameliterable.client.RateLimiterStore;
import io.github.cameliterable.client.Region;
import io.github.cameliterable.mapping.MatchBy;
import io.github.cameliterable.mapping.ProjectType;
import io.github.cameliterable.state.StateStore;
import io.github.cameliterable.sync.DeleteBehavior;
import io.github.cameliterable.sync.EventType;
import io.github.cameliterable.sync.SyncMode;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.support.jsse.SSLContextParameters;

/** The options of an {@code iterable:} endpoint. Every one can also be set on the component as a default. */
@UriParams
public class IterableConfiguration implements Cloneable {

    // --- connection and security

    // no @Metadata(required = true): the key usually sits on the component, and catalog validators would flag each URI
    @UriParam(label = "security", secret = true, description = "Required: the Iterable API key (server-side permissions). Set it on the component"
            + " (camel.component.iterable.api-key) from a secret, not in an endpoint URI, which Camel"
            + " shows unmasked in route dumps and some dev consoles. Surrounding whitespace is trimmed;"
            + " the component never logs it.")
    private String apiKey;

    @UriParam(defaultValue = "US", enums = "US,EU", description = "The Iterable data center of the project: US (api.iterable.com) or EU (api.eu.iterable.com).")
    private Region region = Region.US;

    @UriParam(label = "advanced", description = "Overrides the API's base URI, for an emulator or a proxy. Plain http is accepted only to"
            + " loopback hosts, so the API key never crosses a network unencrypted.")
    private String baseUri;

    @UriParam(label = "advanced", defaultValue = "10s", javaType = "java.time.Duration", description = "How long to wait for a connection to Iterable: a duration such as 10s, or milliseconds.")
    private long connectTimeout = 10_000;

    @UriParam(label = "advanced", defaultValue = "60s", javaType = "java.time.Duration", description = "How long to wait for Iterable's answer to one request: a duration such as 60s, or"
            + " milliseconds.")
    private long requestTimeout = 60_000;

    @UriParam(label = "advanced", defaultValue = "false", description = "Log every API call (method, path, status, duration, bytes and the bodies truncated, never"
            + " the API key) at INFO on the logger io.github.cameliterable.client.CallLog, so that it"
            + " shows under any logging configuration; when false the call log is written at DEBUG.")
    private boolean callLog;

    @UriParam(label = "security", description = "TLS settings (Camel's SSLContextParameters, a bean) for the connection to Iterable or a"
            + " proxy in front of it: trust store, key store, protocols. Empty uses the JVM's defaults.")
    private SSLContextParameters sslContextParameters;

    // --- identity and mapping

    @UriParam(defaultValue = "email", enums = "email,userId,hybrid", description = "How the Iterable project identifies users (Project Settings): email, userId or hybrid.")
    private ProjectType projectType = ProjectType.email;

    @UriParam(defaultValue = "email", enums = "email,userId", description = "Which identifier matches records to users: email or userId. In userId projects userId"
            + " always matches; in an email project matching by userId uses preferUserId.")
    private MatchBy matchBy = MatchBy.email;

    @UriParam(defaultValue = "email", description = "The column holding the user's email.")
    private String emailColumn = "email";

    @UriParam(defaultValue = "userId", description = "The column holding the user's userId.")
    private String userIdColumn = "userId";

    @UriParam(description = "The column that identifies a record of the model for change detection and first-seen"
            + " actions. Defaults to the identifier column that matches users, or the sync type's id column (catalog:"
            + " idColumn; events: eventIdColumn). Events without an event id and carts are keyed by their content:"
            + " each event or cart of a user is its own record.")
    private String primaryKey;

    @UriParam(description = "Field mapping as column:target pairs separated by commas, for example"
            + " first_name:firstName,city:address.city,plan. A dotted target builds nested objects."
            + " When set, exactly these columns are sent; when empty, every column that is not an"
            + " identifier passes through under its own name.")
    private String fields;

    // a String: Camel's catalog gives every Boolean option a false default, and false would override the project's setting
    @UriParam(enums = "true,false", description = "Whether Iterable should add fields it does not know yet (createNewFields): true or false."
            + " Empty (the default) sends nothing, so the project's setting applies.")
    private String createNewFields;

    @UriParam(defaultValue = "false", description = "Merge the top-level objects of the record into the profile's instead of overwriting them"
            + " (mergeNestedObjects).")
    private boolean mergeNestedObjects;

    // --- what to do

    @UriParam(enums = "upsert,update,add,remove,delete,forget,unforget", description = "What the sync does: upsert or update (users), add or remove (lists), delete, forget or"
            + " unforget (userActions). Defaults to upsert for users and add for lists.")
    private SyncMode mode;

    @UriParam(defaultValue = "nothing", enums = "nothing,clear,delete", description = "What happens to a record that left the model (snapshot runs): nothing, clear (set the"
            + " fields this sync maps to null) or delete (delete the user or catalog item).")
    private DeleteBehavior deleteBehavior = DeleteBehavior.nothing;

    // --- events, purchases and carts

    @UriParam(label = "events", defaultValue = "custom", enums = "custom,purchase", description = "events: custom events (events/trackBulk) or purchase events (commerce/trackPurchase).")
    private EventType eventType = EventType.custom;

    @UriParam(label = "events", description = "events: the event name for every record (or use eventNameColumn).")
    private String eventName;

    @UriParam(label = "events", description = "events: the column holding each record's event name.")
    private String eventNameColumn;

    @UriParam(label = "events", description = "events: the column holding when the event happened: a date or time, ISO-8601 text, or"
            + " epoch seconds or milliseconds. Empty: Iterable uses the time it receives the event.")
    private String createdAtColumn;

    @UriParam(label = "events", description = "events: the column holding the event id; a changed record with an"
            + " event id modifies that event.")
    private String eventIdColumn;

    @UriParam(label = "events", defaultValue = "false", description = "events: derive each event's id from the sync and the record's primary key, so that a"
            + " replayed or changed record modifies its event instead of creating a duplicate.")
    private boolean deriveEventId;

    @UriParam(label = "events", description = "events: the campaign id for every record (or use campaignIdColumn).")
    private Long campaignId;

    @UriParam(label = "events", description = "events: the column holding each record's campaign id.")
    private String campaignIdColumn;

    @UriParam(label = "events", description = "events: the template id for every record (or use templateIdColumn).")
    private Long templateId;

    @UriParam(label = "events", description = "events: the column holding each record's template id.")
    private String templateIdColumn;

    @UriParam(label = "events", defaultValue = "items", description = "purchase events and cart: the column holding the items (a JSON array or a List of Maps of"
            + " id, name, price, quantity and optionally sku, description, categories, imageUrl, url,"
            + " dataFields).")
    private String itemsColumn = "items";

    @UriParam(label = "events", defaultValue = "total", description = "purchase events: the column holding the order total.")
    private String totalColumn = "total";

    // --- catalogs, lists, email updates and user actions

    @UriParam(label = "catalog", description = "catalog: the catalog to sync items into (letters, digits and dashes, at most 255 characters).")
    private String catalogName;

    @UriParam(label = "catalog", defaultValue = "id", description = "catalog: the column holding each item's Unique Product ID (letters, digits and dashes, at most 255; case-sensitive).")
    private String idColumn = "id";

    @UriParam(label = "catalog", defaultValue = "false", description = "catalog: replace only the fields sent and keep the item's other fields (replaceUploadedFieldsOnly); otherwise the item is replaced whole.")
    private boolean replaceUploadedFieldsOnly;

    @UriParam(label = "catalog", defaultValue = "false", description = "catalog: create the catalog when it does not exist; otherwise a missing catalog fails the route's start.")
    private boolean createCatalog;

    @UriParam(label = "lists", description = "lists: the id of the static list.")
    private Long listId;

    @UriParam(label = "lists", description = "lists: the name of the static list, found by name and created when missing. Defaults to the route's id when listId is not set.")
    private String listName;

    @UriParam(label = "lists", enums = "true,false", description = "lists: true subscribes only users that already exist (updateExistingUsersOnly); Iterable"
            + " honours it in userId and hybrid projects. Empty (the default) sends nothing: Iterable"
            + " creates unknown users.")
    private String updateExistingUsersOnly;

    @UriParam(label = "email", defaultValue = "newEmail", description = "email: the column holding the user's new email.")
    private String newEmailColumn = "newEmail";

    @UriParam(label = "userActions", enums = "delete,forget,unforget", description = "userActions: the old name of mode (delete, forget or unforget).")
    @Metadata(deprecationNote = "Use mode=delete, forget or unforget: one option names what every sync type does")
    @Deprecated
    private SyncMode action;

    @UriParam(label = "userActions", defaultValue = "1000", description = "userActions: forget and unforget calls allowed per 24 hours and API key (Iterable allows 1,000); rows over it are deferred to a later run.")
    private int dailyActionCap = 1000;

    // --- batches

    @UriParam(label = "advanced", defaultValue = "0", description = "At most this many records in one bulk request; 0 packs by bytes alone, up to the"
            + " endpoint's own item limit.")
    private int batchSize;

    @UriParam(label = "advanced", defaultValue = "0", description = "At most this many bytes in one bulk request; 0 uses the endpoint's limit (4 MB for"
            + " users/bulkUpdate) less a safety margin.")
    private long maxBatchBytes;

    @UriParam(label = "advanced", defaultValue = "8", description = "How many requests of the endpoint may be in flight at once (all still under the rate"
            + " limits).")
    private int maxConcurrentRequests = 8;

    @UriParam(label = "advanced", defaultValue = "100ms", javaType = "java.time.Duration", description = "How long a bulk request that is not full waits for more records before it leaves:"
            + " records of all the exchanges in flight on the endpoint share requests, like Kafka's"
            + " linger.ms; while every place of the operation's rate limit is held, it goes on filling instead. With"
            + " durableIntake, it also goes on filling while the queue holds more records than a claim takes, and a"
            + " chunk of queued records that is not whole waits this long (at most 50 ms) before it is claimed."
            + " A snapshot run sends what it holds at its end without waiting. A duration"
            + " such as 100ms, or milliseconds.")
    private long linger = 100;

    @UriParam(label = "advanced", defaultValue = "false", description = "Complete each exchange once its records are durably queued in the state store's"
            + " database (the embedded RocksDB store or a PostgreSQL table), and send the queue in"
            + " full batches at the rate ceiling in the background, resumed after a restart; records"
            + " Iterable refuses are kept with their reasons in a failed-records table. For sources"
            + " that hand over one message at a time and wait for it (camel-kafka's default, JMS, a"
            + " file poller). Not with snapshot.")
    private boolean durableIntake;

    @UriParam(label = "advanced", defaultValue = "false", description = "With durableIntake on the embedded state store: sync the write-ahead log to the disk"
            + " before an exchange completes (one sync for the callers that arrive together), so a"
            + " queued record survives a power loss or an operating-system crash, not only a killed"
            + " JVM; slower. PostgreSQL commits as the database is configured (synchronous_commit).")
    private boolean durableIntakeFsync;

    // --- change detection

    @UriParam(label = "state", defaultValue = "true", description = "Classify records as new, changed or unchanged against the state store and send only new"
            + " and changed ones. When false, every record is sent and nothing is stored.")
    private boolean changeDetection = true;

    @UriParam(label = "state", defaultValue = "false", description = "The body is the model's whole result for this run: keys acknowledged in earlier runs and"
            + " absent now are removed (see deleteBehavior).")
    private boolean snapshot;

    @UriParam(label = "state", description = "A stable name for this sync's state. Defaults to the sync type and its target.")
    private String syncId;

    @UriParam(label = "state", description = "The state store to use (a bean). Defaults to one store per CamelContext: the JDBC store on"
            + " stateDataSource, else an embedded RocksDB database under stateDirectory.")
    private StateStore stateStore;

    @UriParam(label = "state", description = "A DataSource (a bean, such as a pooled PostgreSQL one) for the default state store.")
    private DataSource stateDataSource;

    @UriParam(label = "state", defaultValue = ".camel-iterable", description = "The directory of the embedded state database (RocksDB; one JVM at a time) when no"
            + " stateDataSource is given. An H2 state file of an earlier version found there is migrated.")
    private String stateDirectory = ".camel-iterable";

    @UriParam(label = "state", description = "An IdempotentRepository (a bean) for first-seen actions (cart inserts, user actions, email"
            + " updates matched by email). Defaults to one kept in the state store.")
    private IdempotentRepository firstSeenRepository;

    @UriParam(label = "state", defaultValue = "20", description = "Removal safeguard of snapshots: a run that would remove more than this percentage of the"
            + " keys the state holds removes nothing and fails, until one exchange confirms it with the"
            + " header CamelIterableConfirmRemovals=true. 100 turns this check off.")
    private int maxRemovalPercent = 20;

    @UriParam(label = "state", defaultValue = "false", description = "Removal safeguard of snapshots: whether a run that received no records may remove every"
            + " key. By default such a run (a failed upstream job, a truncated table) removes nothing"
            + " and fails.")
    private boolean allowEmptySnapshot;

    @UriParam(label = "state", defaultValue = "5m", javaType = "java.time.Duration", description = "How long a run waits for another process's run of the same syncId on a shared state"
            + " store (two JVMs, two pods) before it fails: a duration such as 5m, or milliseconds.")
    private long leaseWaitTime = 300_000;

    @UriParam(defaultValue = "false", description = "Classify, validate and build the requests, but send nothing that changes Iterable and"
            + " store nothing: the report says what would be sent.")
    private boolean dryRun;

    // --- reliability

    @UriParam(label = "advanced", defaultValue = "6", description = "Attempts of one request on 429, 5xx, timeouts and connection resets, the first included.")
    private int maxAttempts = 6;

    @UriParam(label = "advanced", defaultValue = "500ms", javaType = "java.time.Duration", description = "The wait before the first retry, doubled each attempt, with jitter: a duration such as"
            + " 500ms, or milliseconds.")
    private long initialBackoff = 500;

    @UriParam(label = "advanced", defaultValue = "30s", javaType = "java.time.Duration", description = "Longest wait between two attempts: a duration such as 30s, or milliseconds.")
    private long maxBackoff = 30_000;

    @UriParam(label = "advanced", defaultValue = "5m", javaType = "java.time.Duration", description = "Longest time one request may take with all its retries: a duration such as 5m, or"
            + " milliseconds.")
    private long maxRetryTime = 300_000;

    @UriParam(label = "advanced", defaultValue = "0", description = "Overrides Iterable's published rate limit of this sync's main endpoint, in requests per"
            + " second. The limiters are per API key and endpoint and shared by the CamelContext, but"
            + " an override applies to that endpoint for every API key of the CamelContext; 0 keeps"
            + " the published limit.")
    private int rateLimit;

    @UriParam(label = "advanced", defaultValue = "local", enums = "local,postgresql,redis", description = "Where the rate limits' permits are kept: local (this CamelContext), or postgresql or"
            + " redis, one budget per API key and Iterable endpoint shared by every JVM (replicas, pods)"
            + " that uses the same store. See docs/deployment.md.")
    private RateLimiterStore rateLimiter = RateLimiterStore.local;

    @UriParam(label = "advanced", description = "rateLimiter=postgresql: the DataSource (a bean) of the shared rate limiter; defaults to"
            + " stateDataSource.")
    private DataSource rateLimiterDataSource;

    @UriParam(label = "advanced,security", secret = true, description = "rateLimiter=redis: the Redis server as a Lettuce URI (which may carry a password), such as"
            + " redis://host:6379, or rediss://host:6379/0 for TLS; needs io.lettuce:lettuce-core on the"
            + " class path.")
    private String rateLimiterRedisUri;

    @UriParam(defaultValue = "-1", description = "Fail the exchange (IterableSyncException, with the report) when more records than this"
            + " failed; -1 never fails it for per-record failures.")
    private long maxFailedRecords = -1;

    @UriParam(label = "users", defaultValue = "false", description = "users: read Iterable's user field types (GET users/getFields, once a run) and fail a record"
            + " whose value does not fit a field's type before sending it, instead of letting Iterable"
            + " refuse its batch (RequestFieldsTypesMismatched).")
    private boolean preflightFieldTypes;

    public IterableConfiguration copy() {
        try {
            return (IterableConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    public boolean isCallLog() {
        return callLog;
    }

    public void setCallLog(boolean callLog) {
        this.callLog = callLog;
    }

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public Region getRegion() {
        return region;
    }

    public void setRegion(Region region) {
        this.region = region;
    }

    public String getBaseUri() {
        return baseUri;
    }

    public void setBaseUri(String baseUri) {
        this.baseUri = baseUri;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(long requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    public ProjectType getProjectType() {
        return projectType;
    }

    public void setProjectType(ProjectType projectType) {
        this.projectType = projectType;
    }

    public MatchBy getMatchBy() {
        return matchBy;
    }

    public void setMatchBy(MatchBy matchBy) {
        this.matchBy = matchBy;
    }

    public String getEmailColumn() {
        return emailColumn;
    }

    public void setEmailColumn(String emailColumn) {
        this.emailColumn = emailColumn;
    }

    public String getUserIdColumn() {
        return userIdColumn;
    }

    public void setUserIdColumn(String userIdColumn) {
        this.userIdColumn = userIdColumn;
    }

    public String getPrimaryKey() {
        return primaryKey;
    }

    public void setPrimaryKey(String primaryKey) {
        this.primaryKey = primaryKey;
    }

    public String getFields() {
        return fields;
    }

    public void setFields(String fields) {
        this.fields = fields;
    }

    /** "true", "false" or null (Iterable's default). */
    public String getCreateNewFields() {
        return createNewFields;
    }

    public void setCreateNewFields(String createNewFields) {
        this.createNewFields = optionalBoolean("createNewFields", createNewFields);
    }

    public boolean isMergeNestedObjects() {
        return mergeNestedObjects;
    }

    public void setMergeNestedObjects(boolean mergeNestedObjects) {
        this.mergeNestedObjects = mergeNestedObjects;
    }

    public SyncMode getMode() {
        return mode;
    }

    public void setMode(SyncMode mode) {
        this.mode = mode;
    }

    public DeleteBehavior getDeleteBehavior() {
        return deleteBehavior;
    }

    public void setDeleteBehavior(DeleteBehavior deleteBehavior) {
        this.deleteBehavior = deleteBehavior;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public long getMaxBatchBytes() {
        return maxBatchBytes;
    }

    public void setMaxBatchBytes(long maxBatchBytes) {
        this.maxBatchBytes = maxBatchBytes;
    }

    public boolean isDurableIntake() {
        return durableIntake;
    }

    public void setDurableIntake(boolean durableIntake) {
        this.durableIntake = durableIntake;
    }

    public boolean isDurableIntakeFsync() {
        return durableIntakeFsync;
    }

    public void setDurableIntakeFsync(boolean durableIntakeFsync) {
        this.durableIntakeFsync = durableIntakeFsync;
    }

    public long getLinger() {
        return linger;
    }

    public void setLinger(long linger) {
        this.linger = linger;
    }

    public int getMaxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    public void setMaxConcurrentRequests(int maxConcurrentRequests) {
        this.maxConcurrentRequests = maxConcurrentRequests;
    }

    public boolean isChangeDetection() {
        return changeDetection;
    }

    public void setChangeDetection(boolean changeDetection) {
        this.changeDetection = changeDetection;
    }

    public boolean isSnapshot() {
        return snapshot;
    }

    public void setSnapshot(boolean snapshot) {
        this.snapshot = snapshot;
    }

    public String getSyncId() {
        return syncId;
    }

    public void setSyncId(String syncId) {
        this.syncId = syncId;
    }

    public StateStore getStateStore() {
        return stateStore;
    }

    public void setStateStore(StateStore stateStore) {
        this.stateStore = stateStore;
    }

    public DataSource getStateDataSource() {
        return stateDataSource;
    }

    public void setStateDataSource(DataSource stateDataSource) {
        this.stateDataSource = stateDataSource;
    }

    public String getStateDirectory() {
        return stateDirectory;
    }

    public void setStateDirectory(String stateDirectory) {
        this.stateDirectory = stateDirectory;
    }

    public IdempotentRepository getFirstSeenRepository() {
        return firstSeenRepository;
    }

    public void setFirstSeenRepository(IdempotentRepository firstSeenRepository) {
        this.firstSeenRepository = firstSeenRepository;
    }

    public int getMaxRemovalPercent() {
        return maxRemovalPercent;
    }

    public void setMaxRemovalPercent(int maxRemovalPercent) {
        this.maxRemovalPercent = maxRemovalPercent;
    }

    public boolean isAllowEmptySnapshot() {
        return allowEmptySnapshot;
    }

    public void setAllowEmptySnapshot(boolean allowEmptySnapshot) {
        this.allowEmptySnapshot = allowEmptySnapshot;
    }

    public long getLeaseWaitTime() {
        return leaseWaitTime;
    }

    public void setLeaseWaitTime(long leaseWaitTime) {
        this.leaseWaitTime = leaseWaitTime;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public long getInitialBackoff() {
        return initialBackoff;
    }

    public void setInitialBackoff(long initialBackoff) {
        this.initialBackoff = initialBackoff;
    }

    public long getMaxBackoff() {
        return maxBackoff;
    }

    public void setMaxBackoff(long maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    public long getMaxRetryTime() {
        return maxRetryTime;
    }

    public void setMaxRetryTime(long maxRetryTime) {
        this.maxRetryTime = maxRetryTime;
    }

    public RateLimiterStore getRateLimiter() {
        return rateLimiter;
    }

    public void setRateLimiter(RateLimiterStore rateLimiter) {
        this.rateLimiter = rateLimiter;
    }

    public DataSource getRateLimiterDataSource() {
        return rateLimiterDataSource;
    }

    public void setRateLimiterDataSource(DataSource rateLimiterDataSource) {
        this.rateLimiterDataSource = rateLimiterDataSource;
    }

    public String getRateLimiterRedisUri() {
        return rateLimiterRedisUri;
    }

    public void setRateLimiterRedisUri(String rateLimiterRedisUri) {
        this.rateLimiterRedisUri = rateLimiterRedisUri;
    }

    public int getRateLimit() {
        return rateLimit;
    }

    public void setRateLimit(int rateLimit) {
        this.rateLimit = rateLimit;
    }

    public long getMaxFailedRecords() {
        return maxFailedRecords;
    }

    public void setMaxFailedRecords(long maxFailedRecords) {
        this.maxFailedRecords = maxFailedRecords;
    }

    public boolean isPreflightFieldTypes() {
        return preflightFieldTypes;
    }

    public void setPreflightFieldTypes(boolean preflightFieldTypes) {
        this.preflightFieldTypes = preflightFieldTypes;
    }

    public EventType getEventType() {
        return eventType;
    }

    public void setEventType(EventType eventType) {
        this.eventType = eventType;
    }

    public String getEventName() {
        return eventName;
    }

    public void setEventName(String eventName) {
        this.eventName = eventName;
    }

    public String getEventNameColumn() {
        return eventNameColumn;
    }

    public void setEventNameColumn(String eventNameColumn) {
        this.eventNameColumn = eventNameColumn;
    }

    public String getCreatedAtColumn() {
        return createdAtColumn;
    }

    public void setCreatedAtColumn(String createdAtColumn) {
        this.createdAtColumn = createdAtColumn;
    }

    public String getEventIdColumn() {
        return eventIdColumn;
    }

    public void setEventIdColumn(String eventIdColumn) {
        this.eventIdColumn = eventIdColumn;
    }

    public boolean isDeriveEventId() {
        return deriveEventId;
    }

    public void setDeriveEventId(boolean deriveEventId) {
        this.deriveEventId = deriveEventId;
    }

    public Long getCampaignId() {
        return campaignId;
    }

    public void setCampaignId(Long campaignId) {
        this.campaignId = campaignId;
    }

    public String getCampaignIdColumn() {
        return campaignIdColumn;
    }

    public void setCampaignIdColumn(String campaignIdColumn) {
        this.campaignIdColumn = campaignIdColumn;
    }

    public Long getTemplateId() {
        return templateId;
    }

    public void setTemplateId(Long templateId) {
        this.templateId = templateId;
    }

    public String getTemplateIdColumn() {
        return templateIdColumn;
    }

    public void setTemplateIdColumn(String templateIdColumn) {
        this.templateIdColumn = templateIdColumn;
    }

    public String getItemsColumn() {
        return itemsColumn;
    }

    public void setItemsColumn(String itemsColumn) {
        this.itemsColumn = itemsColumn;
    }

    public String getTotalColumn() {
        return totalColumn;
    }

    public void setTotalColumn(String totalColumn) {
        this.totalColumn = totalColumn;
    }

    public String getCatalogName() {
        return catalogName;
    }

    public void setCatalogName(String catalogName) {
        this.catalogName = catalogName;
    }

    public String getIdColumn() {
        return idColumn;
    }

    public void setIdColumn(String idColumn) {
        this.idColumn = idColumn;
    }

    public boolean isReplaceUploadedFieldsOnly() {
        return replaceUploadedFieldsOnly;
    }

    public void setReplaceUploadedFieldsOnly(boolean replaceUploadedFieldsOnly) {
        this.replaceUploadedFieldsOnly = replaceUploadedFieldsOnly;
    }

    public boolean isCreateCatalog() {
        return createCatalog;
    }

    public void setCreateCatalog(boolean createCatalog) {
        this.createCatalog = createCatalog;
    }

    public Long getListId() {
        return listId;
    }

    public void setListId(Long listId) {
        this.listId = listId;
    }

    public String getListName() {
        return listName;
    }

    public void setListName(String listName) {
        this.listName = listName;
    }

    /** "true", "false" or null (Iterable's default). */
    public String getUpdateExistingUsersOnly() {
        return updateExistingUsersOnly;
    }

    public void setUpdateExistingUsersOnly(String updateExistingUsersOnly) {
        this.updateExistingUsersOnly = optionalBoolean("updateExistingUsersOnly", updateExistingUsersOnly);
    }

    /** A tri-state option: true or false in any case, or empty for Iterable's default. */
    private static String optionalBoolean(String option, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("false")) {
            return trimmed.toLowerCase(Locale.ROOT);
        }
        throw new IllegalArgumentException(option + " must be true, false or empty (Iterable's default), not '" + value + "'");
    }

    public String getNewEmailColumn() {
        return newEmailColumn;
    }

    public void setNewEmailColumn(String newEmailColumn) {
        this.newEmailColumn = newEmailColumn;
    }

    @Deprecated
    public SyncMode getAction() {
        return action;
    }

    /** Deprecated: use {@link #setMode(SyncMode)}. */
    @Deprecated
    public void setAction(SyncMode action) {
        this.action = action;
    }

    public int getDailyActionCap() {
        return dailyActionCap;
    }

    public void setDailyActionCap(int dailyActionCap) {
        this.dailyActionCap = dailyActionCap;
    }
}
