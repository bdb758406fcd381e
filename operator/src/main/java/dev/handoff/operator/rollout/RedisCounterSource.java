package dev.handoff.operator.rollout;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Reads the counter hashes with Lettuce over one lazily opened connection. */
public final class RedisCounterSource implements CounterSource {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    public RedisCounterSource(String redisUrl) {
        this(redisUrl, Optional.empty());
    }

    /** {@code caFile}: PEM CA certificates to trust for {@code rediss://} instead of the JVM's trust store. */
    public RedisCounterSource(String redisUrl, Optional<Path> caFile) {
        RedisURI uri = RedisURI.create(redisUrl);
        uri.setTimeout(TIMEOUT);
        this.client = RedisClient.create(uri);
        // Read at every connect, not now: a CA that is missing or rotated costs (or restores) the reports only,
        // never the start of the operator and its webhook.
        caFile.ifPresent(file -> client.setOptions(ClientOptions.builder()
                .sslOptions(SslOptions.builder().jdkSslProvider()
                        .trustManager(() -> Files.newInputStream(file)).build())
                .build()));
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
