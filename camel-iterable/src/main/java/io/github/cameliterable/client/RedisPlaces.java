package io.github.cameliterable.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The places of the shared budget in Redis: one hash per API key fingerprint, endpoint and limit (field: a place's
 * id, value: {@code permit:answered} in microseconds of Redis' TIME), changed only by two Lua scripts, each atomic:
 * they write {@link Places}' rule in Lua. The hash expires once every place would be free. Apart from
 * {@link SharedRateLimits} so that Lettuce (an optional dependency) is loaded only by those who chose Redis. Commands
 * fail fast while Redis is away instead of queueing, so that the caller falls back to its local limiter.
 */
final class RedisPlaces implements PlaceStore {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    // Lettuce bounds the connection and its handshake by the URI's timeout: a cold JVM on a busy host needs more
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** KEYS[1] the hash; ARGV id, limit, D, window: -1 when granted, else the microseconds to wait. */
    static final String TAKE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local limit, cap, window = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
            local all = redis.call('HGETALL', KEYS[1])
            local held, nextFree = 0, nil
            for i = 1, #all, 2 do
              local sep = string.find(all[i + 1], ':', 1, true)
              local permit = tonumber(string.sub(all[i + 1], 1, sep - 1))
              local answered = tonumber(string.sub(all[i + 1], sep + 1))
              local last = permit + cap
              if answered >= 0 and answered < last then last = answered end
              if last + window <= now then
                redis.call('HDEL', KEYS[1], all[i])
              else
                held = held + 1
                local earliest = last
                if answered < 0 and now < last then earliest = math.max(now, permit) end
                earliest = earliest + window
                if nextFree == nil or earliest < nextFree then nextFree = earliest end
              end
            end
            if held < limit then
              redis.call('HSET', KEYS[1], ARGV[1], string.format('%.0f', now) .. ':-1')
              redis.call('PEXPIRE', KEYS[1], math.ceil((cap + window) / 1000) + 1000)
              return -1
            end
            return math.max(1, nextFree - now)
            """;

    /** KEYS[1] the hash; ARGV id, microseconds the call took since its permit. */
    static final String RELEASE = """
            local v = redis.call('HGET', KEYS[1], ARGV[1])
            if v then
              local sep = string.find(v, ':', 1, true)
              if tonumber(string.sub(v, sep + 1)) < 0 then
                local permit = tonumber(string.sub(v, 1, sep - 1))
                redis.call('HSET', KEYS[1], ARGV[1], string.sub(v, 1, sep) .. string.format('%.0f', permit + tonumber(ARGV[2])))
              end
            end
            return 0
            """;

    private final RedisURI uri;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    RedisPlaces(String redisUri) {
        if (redisUri == null || redisUri.isBlank()) {
            throw new IllegalArgumentException("rateLimiter=redis needs rateLimiterRedisUri (redis://host:port)");
        }
        this.uri = RedisURI.create(redisUri);
        uri.setTimeout(CONNECT_TIMEOUT);
    }

    @Override
    public String describe() {
        return "Redis " + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }

    @Override
    public Taken take(String key, long id, int limit) {
        RedisCommands<String, String> redis = commands();
        long started = System.nanoTime();
        Long wait = redis.eval(TAKE, ScriptOutputType.INTEGER, new String[]{key}, String.valueOf(id),
                String.valueOf(limit), String.valueOf(Places.HOLD_CAP_MICROS), String.valueOf(Places.WINDOW_MICROS));
        return new Taken(wait, started);
    }

    @Override
    public void release(String key, long id, long tookMicros) {
        commands().eval(RELEASE, ScriptOutputType.INTEGER, new String[]{key}, String.valueOf(id),
                String.valueOf(Math.max(0, tookMicros)));
    }

    @Override
    public long[] peek(String key) {
        RedisCommands<String, String> redis = commands();
        Map<String, String> hash = redis.hgetall(key);
        List<String> time = redis.time();
        long now = Long.parseLong(time.get(0)) * 1_000_000L + Long.parseLong(time.get(1));
        List<Places.Place> held = new ArrayList<>();
        hash.forEach((id, value) -> {
            String[] f = value.split(":");
            held.add(new Places.Place(Long.parseLong(id), Long.parseLong(f[0]), Long.parseLong(f[1])));
        });
        Places places = new Places(held);
        return new long[]{places.expire(now), places.nextFree(now) - now};
    }

    private synchronized RedisCommands<String, String> commands() {
        if (client == null) {
            client = RedisClient.create(uri);
            client.setOptions(ClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                    .build());
        }
        if (connection == null) {
            connection = client.connect();
        }
        return connection.sync();
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
        }
        if (client != null) {
            client.shutdown(Duration.ZERO, COMMAND_TIMEOUT);
        }
    }
}
