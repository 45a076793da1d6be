package io.github.cameliterable.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import io.github.cameliterable.text.SafeText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Iterable's REST API over the JDK's asynchronous HTTP client. Every call waits for its rate limiter, is retried on
 * 429, 5xx, timeouts and connection resets (exponential backoff with jitter, {@code Retry-After} honoured), and
 * completes with Iterable's answer whatever its status: what a status means for the records is the sync types'
 * business. Knows nothing of Camel.
 * <p>
 * The call log: logger {@code io.github.cameliterable.client.CallLog} at DEBUG shows each attempt's method, path,
 * status, duration and bytes, with bodies truncated; the API key is only ever in a header, which is never logged.
 */
public final class IterableClient implements AutoCloseable {
    private static final Logger CALL_LOG = LoggerFactory.getLogger("io.github.cameliterable.client.CallLog");
    private static final Logger LOG = LoggerFactory.getLogger(IterableClient.class);
    private static final int LOGGED_BODY_CHARS = 500;

    private final ClientSettings settings;
    private final RateBudget rateLimits;
    private final CallListener listener;
    private final HttpClient http;
    private final Clock clock;
    private final AtomicBoolean observerBroken = new AtomicBoolean();

    /**
     * With an HTTP client of its own (tests, tools): endpoints share theirs,
     * {@link #IterableClient(ClientSettings, RateBudget, CallListener, HttpClient)}.
     */
    public IterableClient(ClientSettings settings, RateBudget rateLimits, CallListener listener) {
        this(settings, rateLimits, listener, HttpClients.unshared(settings), Clock.systemUTC());
    }

    /** Sending through {@code http}, which {@link HttpClients#of} made for these settings and other clients share. */
    public IterableClient(ClientSettings settings, RateBudget rateLimits, CallListener listener, HttpClient http) {
        this(settings, rateLimits, listener, http, Clock.systemUTC());
    }

    /** With the clock that dates {@code Retry-After} and the retry deadline (tests move it by hand). */
    IterableClient(ClientSettings settings, RateBudget rateLimits, CallListener listener, Clock clock) {
        this(settings, rateLimits, listener, HttpClients.unshared(settings), clock);
    }

    private IterableClient(ClientSettings settings, RateBudget rateLimits, CallListener listener, HttpClient http,
            Clock clock) {
        this.clock = clock;
        this.settings = settings;
        this.rateLimits = rateLimits == null ? new RateLimits() : rateLimits;
        this.listener = listener == null ? CallListener.NONE : listener;
        this.http = Objects.requireNonNull(http, "http");
    }

    public ClientSettings settings() {
        return settings;
    }

    /** Whether a call to the endpoint would wait for its rate limit now ({@link RateBudget#busy}). */
    public boolean busy(ApiEndpoint endpoint) {
        return rateLimits.busy(settings.apiKeyFingerprint(), endpoint);
    }

    /** Sends the call, with its rate limit and retries; completes exceptionally only when no answer came at all. */
    public CompletableFuture<ApiResponse> call(ApiCall call) {
        Instant deadline = clock.instant().plus(settings.retry().maxElapsed());
        return attempt(call, 1, deadline);
    }

    private CompletableFuture<ApiResponse> attempt(ApiCall call, int attempt, Instant deadline) {
        // the place is held from the permit until the answer, whatever it is: a failure and a timeout release it too
        AtomicBoolean sent = new AtomicBoolean();
        return rateLimits.acquire(settings.apiKeyFingerprint(), call.endpoint())
                .thenCompose(permit -> {
                    try {
                        sent.set(true);
                        return sendOnce(call, attempt).whenComplete((answer, failure) -> permit.release());
                    } catch (RuntimeException unsent) {
                        permit.release();
                        throw unsent;
                    }
                })
                .handle((response, failure) -> {
                    Throwable cause = Failures.cause(failure);
                    int attempts = sent.get() ? attempt : attempt - 1;
                    boolean retry = response != null
                            ? RetrySettings.isRetryable(response.status())
                            : isTransient(cause);
                    if (!retry || attempt >= settings.retry().maxAttempts()) {
                        return done(call, attempts, response, cause);
                    }
                    Duration backoff = backoff(attempt, response);
                    if (clock.instant().plus(backoff).isAfter(deadline)) {
                        return done(call, attempts, response, cause);
                    }
                    Executor later = CompletableFuture.delayedExecutor(backoff.toNanos(), TimeUnit.NANOSECONDS);
                    return CompletableFuture.supplyAsync(() -> null, later)
                            .thenCompose(ignored -> attempt(call, attempt + 1, deadline));
                })
                .thenCompose(f -> f);
    }

    private CompletableFuture<ApiResponse> done(ApiCall call, int attempts, ApiResponse response, Throwable failure) {
        try {
            listener.ended(call, attempts, response, response != null ? null : failure);
        } catch (RuntimeException | LinkageError broken) {
            observerBroke(broken);
        }
        return response != null ? CompletableFuture.completedFuture(response) : CompletableFuture.failedFuture(failure);
    }

    private CompletableFuture<ApiResponse> sendOnce(ApiCall call, int attempt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.baseUri().resolve(call.path()))
                .timeout(settings.requestTimeout())
                .header("Api-Key", settings.apiKey())
                .header("Accept", "application/json");
        if (call.body() != null) {
            request.header("Content-Type", "application/json")
                    .method(call.endpoint().method(), new WholeBody(call.body()));
        } else {
            request.method(call.endpoint().method(), HttpRequest.BodyPublishers.noBody());
        }
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> sent;
        try {
            sent = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((response, failure) -> {
            long took = System.nanoTime() - start;
            if (failure != null) {
                Throwable cause = Failures.cause(failure);
                observe(call, attempt, 0, took, null, cause);
                throw new CompletionException(cause);
            }
            ApiResponse answer = new ApiResponse(call, response.statusCode(), response.body(),
                    response.headers().firstValue("Retry-After").map(value -> parseRetryAfter(value, clock)).orElse(null));
            observe(call, attempt, answer.status(), took, answer.body(), null);
            return answer;
        });
    }

    /** Iterable's Retry-After when it sent one, else exponential with equal jitter up to maxBackoff. */
    Duration backoff(int attempt, ApiResponse response) {
        if (response != null && response.retryAfter().isPresent()) {
            return response.retryAfter().get();
        }
        long initial = settings.retry().initialBackoff().toMillis();
        long cap = settings.retry().maxBackoff().toMillis();
        long exponential = Math.min(cap, initial << Math.min(20, attempt - 1));
        // equal jitter: at least half the backoff, so that retries of many batches spread out but still wait
        long jittered = exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
        return Duration.ofMillis(jittered);
    }

    /** Retry-After as seconds or as an HTTP date (RFC 1123) from {@code clock}'s now; null when it is neither. */
    static Duration parseRetryAfter(String value, Clock clock) {
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(clock.instant(), when.toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (RuntimeException unparseable) {
                return null;
            }
        }
    }

    /**
     * Timeouts and connection resets: the request may not have reached Iterable, so it is worth another try. A TLS
     * handshake that failed (an untrusted certificate, no common protocol) fails the same way every time: no retry.
     */
    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SSLHandshakeException || cause instanceof SSLPeerUnverifiedException
                    || cause instanceof CertificateException) {
                return false;
            }
        }
        return failure instanceof HttpTimeoutException || failure instanceof HttpConnectTimeoutException
                || failure instanceof ConnectException || failure instanceof IOException;
    }

    /**
     * One line per attempt in the call log. Only the slf4j 1.7 API is used here: an application whose classpath
     * holds slf4j-api 1.7 (older libraries still bring it) would otherwise fail after Iterable answered.
     */
    private void logCall(ApiCall call, int attempt, int status, long nanos, byte[] responseBody, Throwable failure) {
        boolean atInfo = settings.callLogAtInfo();
        if (atInfo ? !CALL_LOG.isInfoEnabled() : !CALL_LOG.isDebugEnabled()) {
            return;
        }
        String took = TimeUnit.NANOSECONDS.toMillis(nanos) + " ms";
        String format;
        Object[] arguments;
        if (failure != null) {
            format = "{} {} attempt {} failed after {}: {} (sent {} bytes)";
            arguments = new Object[]{call.endpoint().method(), call.path(), attempt, took,
                    SafeText.reason(failure.toString()), call.bodyBytes()};
        } else {
            format = "{} {} attempt {} -> {} in {}; sent {} bytes: {}; received {} bytes: {}";
            arguments = new Object[]{call.endpoint().method(), call.path(), attempt, status, took, call.bodyBytes(),
                    truncate(call.body()), responseBody == null ? 0 : responseBody.length, truncate(responseBody)};
        }
        if (atInfo) {
            CALL_LOG.info(format, arguments);
        } else {
            CALL_LOG.debug(format, arguments);
        }
    }

    /**
     * Tells the listener and the call log about an attempt. Iterable's answer stands whatever they do: a listener
     * or a logger that throws (a metrics registry's bug, a logging library of another version) must not turn an
     * answered request into one that looks unanswered and is sent again.
     */
    private void observe(ApiCall call, int attempt, int status, long took, byte[] responseBody, Throwable failure) {
        try {
            listener.attempted(call, attempt, status, took, failure);
            logCall(call, attempt, status, took, responseBody, failure);
        } catch (RuntimeException | LinkageError broken) {
            observerBroke(broken);
        }
    }

    private void observerBroke(Throwable broken) {
        if (observerBroken.compareAndSet(false, true)) {
            LOG.warn("The call listener or the call log failed; Iterable's answers are kept and this is said once: {}",
                    SafeText.reason(broken.toString()));
        }
    }

    private static String truncate(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, LOGGED_BODY_CHARS * 4), StandardCharsets.UTF_8);
        // escaped: a value holding a line break must not write a line of its own
        return SafeText.reason(text.length() <= LOGGED_BODY_CHARS ? text : text.substring(0, LOGGED_BODY_CHARS) + "...");
    }

    @Override
    public void close() {
        // the HTTP client is shared (HttpClients) or the JVM's to collect: Java 17's HttpClient has no close()
    }
}
