package dev.handoff.operator.rollout;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;

/** Reads the counter hashes with Lettuce over one lazily opened connection. */
public final class RedisCounterSource implements CounterSource {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    public RedisCounterSource(String redisUrl) {
        RedisURI uri = RedisURI.create(redisUrl);
        uri.setTimeout(TIMEOUT);
        this.client = RedisClient.create(uri);
    }

    @Override
    public synchronized RolloutCounters read(String app, long version) {
        try {
            if (connection == null || !connection.isOpen()) {
                connection = client.connect();
            }
            return RolloutCounters.fromHash(connection.sync().hgetall(RolloutCounters.key(app, version)));
        } catch (RedisException e) {
            throw new CountersUnavailableException("cannot read " + RolloutCounters.key(app, version) + " from Redis: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
