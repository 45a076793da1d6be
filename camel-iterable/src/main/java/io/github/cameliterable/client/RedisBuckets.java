package io.github.cameliterable.client;

import java.time.Duration;

import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

/**
 * The Redis side of {@link SharedRateLimits}, apart so that Lettuce (an optional dependency) is loaded only by those
 * who chose Redis. Commands fail fast while Redis is away instead of queueing, so that the caller falls back to its
 * local limiter rather than wait.
 */
final class RedisBuckets {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    // Lettuce bounds the connection and its handshake by the URI's timeout: a cold JVM on a busy host needs more
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final RedisURI uri;
    private final TimeMeter clock;
    private RedisClient client;
    private StatefulRedisConnection<String, byte[]> connection;

    RedisBuckets(String redisUri, TimeMeter clock) {
        this.clock = clock;
        if (redisUri == null || redisUri.isBlank()) {
            throw new IllegalArgumentException("rateLimiter=redis needs rateLimiterRedisUri (redis://host:port)");
        }
        this.uri = RedisURI.create(redisUri);
        uri.setTimeout(CONNECT_TIMEOUT);
    }

    /** host:port/database, never the password. */
    String describe() {
        return uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }

    synchronized ProxyManager<String> connect() {
        if (client == null) {
            client = RedisClient.create(uri);
            client.setOptions(ClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                    .build());
        }
        connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        return Bucket4jLettuce.casBasedBuilder(connection)
                // an idle bucket is full again after one refill period: keeping it longer serves nothing
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .requestTimeout(COMMAND_TIMEOUT)
                .clientClock(clock)
                .build();
    }

    synchronized void close() {
        if (connection != null) {
            connection.close();
        }
        if (client != null) {
            client.shutdown(Duration.ZERO, COMMAND_TIMEOUT);
        }
    }
}
