package io.github.cameliterable.springboot;

import java.time.Duration;

import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;
import org.apache.camel.util.TimeUtils;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Syncs the message body (one record or many) into Iterable as one of the seven sync types of a reverse-ETL
 * Iterable destination: users, events, cart, catalog, lists, email and userActions. Generated from the Camel
 * catalog by tools/generate-spring-boot-configuration.py: do not edit by hand.
 */
// enabled and customizer.enabled come from Camel's common class, as in Camel's own starters
@ConfigurationProperties(prefix = "camel.component.iterable")
public class IterableComponentConfiguration extends ComponentConfigurationPropertiesCommon {

    /**
     * Whether Iterable should add fields it does not know yet (createNewFields): true or false. Empty (the
     * default) sends nothing, so the project's setting applies.
     */
    private String createNewFields;
    /**
     * What happens to a record that left the model (snapshot runs): nothing, clear (set the fields this sync maps
     * to null) or delete (delete the user or catalog item).
     */
    private io.github.cameliterable.sync.DeleteBehavior deleteBehavior = io.github.cameliterable.sync.DeleteBehavior.nothing;
    /**
     * Classify, validate and build the requests, but send nothing that changes Iterable and store nothing: the
     * report says what would be sent.
     */
    private Boolean dryRun = false;
    /**
     * The column holding the user's email.
     */
    private String emailColumn = "email";
    /**
     * Field mapping as column:target pairs separated by commas, for example
     * first_name:firstName,city:address.city,plan. A dotted target builds nested objects. When set, exactly these
     * columns are sent; when empty, every column that is not an identifier passes through under its own name.
     */
    private String fields;
    /**
     * Whether the producer should be started lazy (on the first message). By starting lazy you can use this to
     * allow CamelContext and routes to startup in situations where a producer may otherwise fail during starting
     * and cause the route to fail being started. By deferring this startup to be lazy then the startup failure can
     * be handled during routing messages via Camel's routing error handlers. Beware that when the first message is
     * processed then creating and starting the producer may take a little time and prolong the total processing
     * time of the processing.
     */
    private Boolean lazyStartProducer = false;
    /**
     * Which identifier matches records to users: email or userId. In userId projects userId always matches; in an
     * email project matching by userId uses preferUserId.
     */
    private io.github.cameliterable.mapping.MatchBy matchBy = io.github.cameliterable.mapping.MatchBy.email;
    /**
     * Fail the exchange (IterableSyncException, with the report) when more records than this failed; -1 never
     * fails it for per-record failures.
     */
    private Long maxFailedRecords = -1L;
    /**
     * Merge the top-level objects of the record into the profile's instead of overwriting them
     * (mergeNestedObjects).
     */
    private Boolean mergeNestedObjects = false;
    /**
     * What the sync does: upsert or update (users), add or remove (lists), delete, forget or unforget
     * (userActions). Defaults to upsert for users and add for lists.
     */
    private io.github.cameliterable.sync.SyncMode mode;
    /**
     * The column that identifies a record of the model for change detection and first-seen actions. Defaults to
     * the identifier column that matches users, or the sync type's id column (catalog: idColumn; events:
     * eventIdColumn). Events without an event id and carts are keyed by their content: each event or cart of a
     * user is its own record.
     */
    private String primaryKey;
    /**
     * How the Iterable project identifies users (Project Settings): email, userId or hybrid.
     */
    private io.github.cameliterable.mapping.ProjectType projectType = io.github.cameliterable.mapping.ProjectType.email;
    /**
     * The Iterable data center of the project: US (api.iterable.com) or EU (api.eu.iterable.com).
     */
    private io.github.cameliterable.client.Region region = io.github.cameliterable.client.Region.US;
    /**
     * The column holding the user's userId.
     */
    private String userIdColumn = "userId";
    /**
     * Whether autowiring is enabled. This is used for automatic autowiring options (the option must be marked as
     * autowired) by looking up in the registry to find if there is a single instance of matching type, which then
     * gets configured on the component. This can be used for automatic configuring JDBC data sources, JMS
     * connection factories, AWS Clients, etc.
     */
    private Boolean autowiredEnabled = true;
    /**
     * Overrides the API's base URI, for an emulator or a proxy. Plain http is accepted only to loopback hosts, so
     * the API key never crosses a network unencrypted.
     */
    private String baseUri;
    /**
     * At most this many records in one bulk request; 0 packs by bytes alone, up to the endpoint's own item limit.
     */
    private Integer batchSize = 0;
    /**
     * Log every API call (method, path, status, duration, bytes and the bodies truncated, never the API key) at
     * INFO on the logger io.github.cameliterable.client.CallLog, so that it shows under any logging configuration;
     * when false the call log is written at DEBUG.
     */
    private Boolean callLog = false;
    /**
     * How long to wait for a connection to Iterable: a duration such as 10s, or milliseconds.
     */
    private Duration connectTimeout = TimeUtils.toDuration("10s");
    /**
     * Complete each exchange once its records are durably queued in the state store's database (the embedded
     * RocksDB store or a PostgreSQL table), and send the queue in full batches at the rate ceiling in the
     * background, resumed after a restart; records Iterable refuses are kept with their reasons in a
     * failed-records table. For sources that hand over one message at a time and wait for it (camel-kafka's
     * default, JMS, a file poller). Not with snapshot.
     */
    private Boolean durableIntake = false;
    /**
     * With durableIntake on the embedded state store: sync the write-ahead log to the disk before an exchange
     * completes (one sync for the callers that arrive together), so a queued record survives a power loss or an
     * operating-system crash, not only a killed JVM; slower. PostgreSQL commits as the database is configured
     * (synchronous_commit).
     */
    private Boolean durableIntakeFsync = false;
    /**
     * The wait before the first retry, doubled each attempt, with jitter: a duration such as 500ms, or
     * milliseconds.
     */
    private Duration initialBackoff = TimeUtils.toDuration("500ms");
    /**
     * How long a bulk request that is not full waits for more records before it leaves: records of all the
     * exchanges in flight on the endpoint share requests, like Kafka's linger.ms; while every place of the
     * operation's rate limit is held, it goes on filling instead. With durableIntake, it also goes on filling
     * while the queue holds more records than a claim takes, and a chunk of queued records that is not whole waits
     * this long (at most 50 ms) before it is claimed. A snapshot run sends what it holds at its end without
     * waiting. A duration such as 100ms, or milliseconds.
     */
    private Duration linger = TimeUtils.toDuration("100ms");
    /**
     * Attempts of one request on 429, 5xx, timeouts and connection resets, the first included.
     */
    private Integer maxAttempts = 6;
    /**
     * Longest wait between two attempts: a duration such as 30s, or milliseconds.
     */
    private Duration maxBackoff = TimeUtils.toDuration("30s");
    /**
     * At most this many bytes in one bulk request; 0 uses the endpoint's limit (4 MB for users/bulkUpdate) less a
     * safety margin.
     */
    private Long maxBatchBytes = 0L;
    /**
     * How many requests of the endpoint may be in flight at once (all still under the rate limits).
     */
    private Integer maxConcurrentRequests = 8;
    /**
     * Longest time one request may take with all its retries: a duration such as 5m, or milliseconds.
     */
    private Duration maxRetryTime = TimeUtils.toDuration("5m");
    /**
     * Overrides Iterable's published rate limit of this sync's main endpoint, in requests per second. The limiters
     * are per API key and endpoint and shared by the CamelContext, but an override applies to that endpoint for
     * every API key of the CamelContext; 0 keeps the published limit.
     */
    private Integer rateLimit = 0;
    /**
     * Where the rate limits' permits are kept: local (this CamelContext), or postgresql or redis, one budget per
     * API key and Iterable endpoint shared by every JVM (replicas, pods) that uses the same store. See
     * docs/deployment.md.
     */
    private io.github.cameliterable.client.RateLimiterStore rateLimiter = io.github.cameliterable.client.RateLimiterStore.local;
    /**
     * rateLimiter=postgresql: the DataSource (a bean) of the shared rate limiter; defaults to stateDataSource. Set
     * as a reference to a bean of the application: #name (a javax.sql.DataSource).
     */
    private String rateLimiterDataSource;
    /**
     * How long to wait for Iterable's answer to one request: a duration such as 60s, or milliseconds.
     */
    private Duration requestTimeout = TimeUtils.toDuration("60s");
    /**
     * catalog: the catalog to sync items into (letters, digits and dashes, at most 255 characters).
     */
    private String catalogName;
    /**
     * catalog: create the catalog when it does not exist; otherwise a missing catalog fails the route's start.
     */
    private Boolean createCatalog = false;
    /**
     * catalog: the column holding each item's Unique Product ID (letters, digits and dashes, at most 255;
     * case-sensitive).
     */
    private String idColumn = "id";
    /**
     * catalog: replace only the fields sent and keep the item's other fields (replaceUploadedFieldsOnly);
     * otherwise the item is replaced whole.
     */
    private Boolean replaceUploadedFieldsOnly = false;
    /**
     * email: the column holding the user's new email.
     */
    private String newEmailColumn = "newEmail";
    /**
     * events: the campaign id for every record (or use campaignIdColumn).
     */
    private Long campaignId;
    /**
     * events: the column holding each record's campaign id.
     */
    private String campaignIdColumn;
    /**
     * events: the column holding when the event happened: a date or time, ISO-8601 text, or epoch seconds or
     * milliseconds. Empty: Iterable uses the time it receives the event.
     */
    private String createdAtColumn;
    /**
     * events: derive each event's id from the sync and the record's primary key, so that a replayed or changed
     * record modifies its event instead of creating a duplicate.
     */
    private Boolean deriveEventId = false;
    /**
     * events: the column holding the event id; a changed record with an event id modifies that event.
     */
    private String eventIdColumn;
    /**
     * events: the event name for every record (or use eventNameColumn).
     */
    private String eventName;
    /**
     * events: the column holding each record's event name.
     */
    private String eventNameColumn;
    /**
     * events: custom events (events/trackBulk) or purchase events (commerce/trackPurchase).
     */
    private io.github.cameliterable.sync.EventType eventType = io.github.cameliterable.sync.EventType.custom;
    /**
     * purchase events and cart: the column holding the items (a JSON array or a List of Maps of id, name, price,
     * quantity and optionally sku, description, categories, imageUrl, url, dataFields).
     */
    private String itemsColumn = "items";
    /**
     * events: the template id for every record (or use templateIdColumn).
     */
    private Long templateId;
    /**
     * events: the column holding each record's template id.
     */
    private String templateIdColumn;
    /**
     * purchase events: the column holding the order total.
     */
    private String totalColumn = "total";
    /**
     * Used for enabling or disabling all consumer based health checks from this component
     */
    private Boolean healthCheckConsumerEnabled = true;
    /**
     * Used for enabling or disabling all producer based health checks from this component. Notice: Camel has by
     * default disabled all producer based health-checks. You can turn on producer checks globally by setting
     * camel.health.producersEnabled=true.
     */
    private Boolean healthCheckProducerEnabled = true;
    /**
     * lists: the id of the static list.
     */
    private Long listId;
    /**
     * lists: the name of the static list, found by name and created when missing. Defaults to the route's id when
     * listId is not set.
     */
    private String listName;
    /**
     * lists: true subscribes only users that already exist (updateExistingUsersOnly); Iterable honours it in
     * userId and hybrid projects. Empty (the default) sends nothing: Iterable creates unknown users.
     */
    private String updateExistingUsersOnly;
    /**
     * Required: the Iterable API key (server-side permissions). Set it on the component
     * (camel.component.iterable.api-key) from a secret, not in an endpoint URI, which Camel shows unmasked in
     * route dumps and some dev consoles. Surrounding whitespace is trimmed; the component never logs it.
     */
    private String apiKey;
    /**
     * rateLimiter=redis: the Redis server as a Lettuce URI (which may carry a password), such as
     * redis://host:6379, or rediss://host:6379/0 for TLS; needs io.lettuce:lettuce-core on the class path.
     */
    private String rateLimiterRedisUri;
    /**
     * TLS settings (Camel's SSLContextParameters, a bean) for the connection to Iterable or a proxy in front of
     * it: trust store, key store, protocols. Empty uses the JVM's defaults. Set as a reference to a bean of the
     * application: #name (a org.apache.camel.support.jsse.SSLContextParameters).
     */
    private String sslContextParameters;
    /**
     * Removal safeguard of snapshots: whether a run that received no records may remove every key. By default such
     * a run (a failed upstream job, a truncated table) removes nothing and fails.
     */
    private Boolean allowEmptySnapshot = false;
    /**
     * Classify records as new, changed or unchanged against the state store and send only new and changed ones.
     * When false, every record is sent and nothing is stored.
     */
    private Boolean changeDetection = true;
    /**
     * An IdempotentRepository (a bean) for first-seen actions (cart inserts, user actions, email updates matched
     * by email). Defaults to one kept in the state store. Set as a reference to a bean of the application: #name
     * (a org.apache.camel.spi.IdempotentRepository).
     */
    private String firstSeenRepository;
    /**
     * How long a run waits for another process's run of the same syncId on a shared state store (two JVMs, two
     * pods) before it fails: a duration such as 5m, or milliseconds.
     */
    private Duration leaseWaitTime = TimeUtils.toDuration("5m");
    /**
     * Removal safeguard of snapshots: a run that would remove more than this percentage of the keys the state
     * holds removes nothing and fails, until one exchange confirms it with the header
     * CamelIterableConfirmRemovals=true. 100 turns this check off.
     */
    private Integer maxRemovalPercent = 20;
    /**
     * The body is the model's whole result for this run: keys acknowledged in earlier runs and absent now are
     * removed (see deleteBehavior).
     */
    private Boolean snapshot = false;
    /**
     * A DataSource (a bean, such as a pooled PostgreSQL one) for the default state store. Set as a reference to a
     * bean of the application: #name (a javax.sql.DataSource).
     */
    private String stateDataSource;
    /**
     * The directory of the embedded state database (RocksDB; one JVM at a time) when no stateDataSource is given.
     * An H2 state file of an earlier version found there is migrated.
     */
    private String stateDirectory = ".camel-iterable";
    /**
     * The state store to use (a bean). Defaults to one store per CamelContext: the JDBC store on stateDataSource,
     * else an embedded RocksDB database under stateDirectory. Set as a reference to a bean of the application:
     * #name (a io.github.cameliterable.state.StateStore).
     */
    private String stateStore;
    /**
     * A stable name for this sync's state. Defaults to the sync type and its target.
     */
    private String syncId;
    /**
     * userActions: the old name of mode (delete, forget or unforget). Deprecation note: Use mode=delete, forget or
     * unforget: one option names what every sync type does
     */
    private io.github.cameliterable.sync.SyncMode action;
    /**
     * userActions: forget and unforget calls allowed per 24 hours and API key (Iterable allows 1,000); rows over
     * it are deferred to a later run.
     */
    private Integer dailyActionCap = 1000;
    /**
     * users: read Iterable's user field types (GET users/getFields, once a run) and fail a record whose value does
     * not fit a field's type before sending it, instead of letting Iterable refuse its batch
     * (RequestFieldsTypesMismatched).
     */
    private Boolean preflightFieldTypes = false;

    public String getCreateNewFields() {
        return createNewFields;
    }

    public void setCreateNewFields(String createNewFields) {
        this.createNewFields = createNewFields;
    }

    public io.github.cameliterable.sync.DeleteBehavior getDeleteBehavior() {
        return deleteBehavior;
    }

    public void setDeleteBehavior(io.github.cameliterable.sync.DeleteBehavior deleteBehavior) {
        this.deleteBehavior = deleteBehavior;
    }

    public Boolean getDryRun() {
        return dryRun;
    }

    public void setDryRun(Boolean dryRun) {
        this.dryRun = dryRun;
    }

    public String getEmailColumn() {
        return emailColumn;
    }

    public void setEmailColumn(String emailColumn) {
        this.emailColumn = emailColumn;
    }

    public String getFields() {
        return fields;
    }

    public void setFields(String fields) {
        this.fields = fields;
    }

    public Boolean getLazyStartProducer() {
        return lazyStartProducer;
    }

    public void setLazyStartProducer(Boolean lazyStartProducer) {
        this.lazyStartProducer = lazyStartProducer;
    }

    public io.github.cameliterable.mapping.MatchBy getMatchBy() {
        return matchBy;
    }

    public void setMatchBy(io.github.cameliterable.mapping.MatchBy matchBy) {
        this.matchBy = matchBy;
    }

    public Long getMaxFailedRecords() {
        return maxFailedRecords;
    }

    public void setMaxFailedRecords(Long maxFailedRecords) {
        this.maxFailedRecords = maxFailedRecords;
    }

    public Boolean getMergeNestedObjects() {
        return mergeNestedObjects;
    }

    public void setMergeNestedObjects(Boolean mergeNestedObjects) {
        this.mergeNestedObjects = mergeNestedObjects;
    }

    public io.github.cameliterable.sync.SyncMode getMode() {
        return mode;
    }

    public void setMode(io.github.cameliterable.sync.SyncMode mode) {
        this.mode = mode;
    }

    public String getPrimaryKey() {
        return primaryKey;
    }

    public void setPrimaryKey(String primaryKey) {
        this.primaryKey = primaryKey;
    }

    public io.github.cameliterable.mapping.ProjectType getProjectType() {
        return projectType;
    }

    public void setProjectType(io.github.cameliterable.mapping.ProjectType projectType) {
        this.projectType = projectType;
    }

    public io.github.cameliterable.client.Region getRegion() {
        return region;
    }

    public void setRegion(io.github.cameliterable.client.Region region) {
        this.region = region;
    }

    public String getUserIdColumn() {
        return userIdColumn;
    }

    public void setUserIdColumn(String userIdColumn) {
        this.userIdColumn = userIdColumn;
    }

    public Boolean getAutowiredEnabled() {
        return autowiredEnabled;
    }

    public void setAutowiredEnabled(Boolean autowiredEnabled) {
        this.autowiredEnabled = autowiredEnabled;
    }

    public String getBaseUri() {
        return baseUri;
    }

    public void setBaseUri(String baseUri) {
        this.baseUri = baseUri;
    }

    public Integer getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(Integer batchSize) {
        this.batchSize = batchSize;
    }

    public Boolean getCallLog() {
        return callLog;
    }

    public void setCallLog(Boolean callLog) {
        this.callLog = callLog;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Boolean getDurableIntake() {
        return durableIntake;
    }

    public void setDurableIntake(Boolean durableIntake) {
        this.durableIntake = durableIntake;
    }

    public Boolean getDurableIntakeFsync() {
        return durableIntakeFsync;
    }

    public void setDurableIntakeFsync(Boolean durableIntakeFsync) {
        this.durableIntakeFsync = durableIntakeFsync;
    }

    public Duration getInitialBackoff() {
        return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
        this.initialBackoff = initialBackoff;
    }

    public Duration getLinger() {
        return linger;
    }

    public void setLinger(Duration linger) {
        this.linger = linger;
    }

    public Integer getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(Integer maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public Duration getMaxBackoff() {
        return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    public Long getMaxBatchBytes() {
        return maxBatchBytes;
    }

    public void setMaxBatchBytes(Long maxBatchBytes) {
        this.maxBatchBytes = maxBatchBytes;
    }

    public Integer getMaxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    public void setMaxConcurrentRequests(Integer maxConcurrentRequests) {
        this.maxConcurrentRequests = maxConcurrentRequests;
    }

    public Duration getMaxRetryTime() {
        return maxRetryTime;
    }

    public void setMaxRetryTime(Duration maxRetryTime) {
        this.maxRetryTime = maxRetryTime;
    }

    public Integer getRateLimit() {
        return rateLimit;
    }

    public void setRateLimit(Integer rateLimit) {
        this.rateLimit = rateLimit;
    }

    public io.github.cameliterable.client.RateLimiterStore getRateLimiter() {
        return rateLimiter;
    }

    public void setRateLimiter(io.github.cameliterable.client.RateLimiterStore rateLimiter) {
        this.rateLimiter = rateLimiter;
    }

    public String getRateLimiterDataSource() {
        return rateLimiterDataSource;
    }

    public void setRateLimiterDataSource(String rateLimiterDataSource) {
        this.rateLimiterDataSource = rateLimiterDataSource;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public String getCatalogName() {
        return catalogName;
    }

    public void setCatalogName(String catalogName) {
        this.catalogName = catalogName;
    }

    public Boolean getCreateCatalog() {
        return createCatalog;
    }

    public void setCreateCatalog(Boolean createCatalog) {
        this.createCatalog = createCatalog;
    }

    public String getIdColumn() {
        return idColumn;
    }

    public void setIdColumn(String idColumn) {
        this.idColumn = idColumn;
    }

    public Boolean getReplaceUploadedFieldsOnly() {
        return replaceUploadedFieldsOnly;
    }

    public void setReplaceUploadedFieldsOnly(Boolean replaceUploadedFieldsOnly) {
        this.replaceUploadedFieldsOnly = replaceUploadedFieldsOnly;
    }

    public String getNewEmailColumn() {
        return newEmailColumn;
    }

    public void setNewEmailColumn(String newEmailColumn) {
        this.newEmailColumn = newEmailColumn;
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

    public String getCreatedAtColumn() {
        return createdAtColumn;
    }

    public void setCreatedAtColumn(String createdAtColumn) {
        this.createdAtColumn = createdAtColumn;
    }

    public Boolean getDeriveEventId() {
        return deriveEventId;
    }

    public void setDeriveEventId(Boolean deriveEventId) {
        this.deriveEventId = deriveEventId;
    }

    public String getEventIdColumn() {
        return eventIdColumn;
    }

    public void setEventIdColumn(String eventIdColumn) {
        this.eventIdColumn = eventIdColumn;
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

    public io.github.cameliterable.sync.EventType getEventType() {
        return eventType;
    }

    public void setEventType(io.github.cameliterable.sync.EventType eventType) {
        this.eventType = eventType;
    }

    public String getItemsColumn() {
        return itemsColumn;
    }

    public void setItemsColumn(String itemsColumn) {
        this.itemsColumn = itemsColumn;
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

    public String getTotalColumn() {
        return totalColumn;
    }

    public void setTotalColumn(String totalColumn) {
        this.totalColumn = totalColumn;
    }

    public Boolean getHealthCheckConsumerEnabled() {
        return healthCheckConsumerEnabled;
    }

    public void setHealthCheckConsumerEnabled(Boolean healthCheckConsumerEnabled) {
        this.healthCheckConsumerEnabled = healthCheckConsumerEnabled;
    }

    public Boolean getHealthCheckProducerEnabled() {
        return healthCheckProducerEnabled;
    }

    public void setHealthCheckProducerEnabled(Boolean healthCheckProducerEnabled) {
        this.healthCheckProducerEnabled = healthCheckProducerEnabled;
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

    public String getUpdateExistingUsersOnly() {
        return updateExistingUsersOnly;
    }

    public void setUpdateExistingUsersOnly(String updateExistingUsersOnly) {
        this.updateExistingUsersOnly = updateExistingUsersOnly;
    }

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public String getRateLimiterRedisUri() {
        return rateLimiterRedisUri;
    }

    public void setRateLimiterRedisUri(String rateLimiterRedisUri) {
        this.rateLimiterRedisUri = rateLimiterRedisUri;
    }

    public String getSslContextParameters() {
        return sslContextParameters;
    }

    public void setSslContextParameters(String sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    public Boolean getAllowEmptySnapshot() {
        return allowEmptySnapshot;
    }

    public void setAllowEmptySnapshot(Boolean allowEmptySnapshot) {
        this.allowEmptySnapshot = allowEmptySnapshot;
    }

    public Boolean getChangeDetection() {
        return changeDetection;
    }

    public void setChangeDetection(Boolean changeDetection) {
        this.changeDetection = changeDetection;
    }

    public String getFirstSeenRepository() {
        return firstSeenRepository;
    }

    public void setFirstSeenRepository(String firstSeenRepository) {
        this.firstSeenRepository = firstSeenRepository;
    }

    public Duration getLeaseWaitTime() {
        return leaseWaitTime;
    }

    public void setLeaseWaitTime(Duration leaseWaitTime) {
        this.leaseWaitTime = leaseWaitTime;
    }

    public Integer getMaxRemovalPercent() {
        return maxRemovalPercent;
    }

    public void setMaxRemovalPercent(Integer maxRemovalPercent) {
        this.maxRemovalPercent = maxRemovalPercent;
    }

    public Boolean getSnapshot() {
        return snapshot;
    }

    public void setSnapshot(Boolean snapshot) {
        this.snapshot = snapshot;
    }

    public String getStateDataSource() {
        return stateDataSource;
    }

    public void setStateDataSource(String stateDataSource) {
        this.stateDataSource = stateDataSource;
    }

    public String getStateDirectory() {
        return stateDirectory;
    }

    public void setStateDirectory(String stateDirectory) {
        this.stateDirectory = stateDirectory;
    }

    public String getStateStore() {
        return stateStore;
    }

    public void setStateStore(String stateStore) {
        this.stateStore = stateStore;
    }

    public String getSyncId() {
        return syncId;
    }

    public void setSyncId(String syncId) {
        this.syncId = syncId;
    }

    public io.github.cameliterable.sync.SyncMode getAction() {
        return action;
    }

    public void setAction(io.github.cameliterable.sync.SyncMode action) {
        this.action = action;
    }

    public Integer getDailyActionCap() {
        return dailyActionCap;
    }

    public void setDailyActionCap(Integer dailyActionCap) {
        this.dailyActionCap = dailyActionCap;
    }

    public Boolean getPreflightFieldTypes() {
        return preflightFieldTypes;
    }

    public void setPreflightFieldTypes(Boolean preflightFieldTypes) {
        this.preflightFieldTypes = preflightFieldTypes;
    }
}
