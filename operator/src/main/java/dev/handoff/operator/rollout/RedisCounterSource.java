package dev.handoff.operator.rollout;

import dev.handoff.contract.RedisClusterUrl;
import dev.handoff.contract.RedisScheme;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.RedisClusterURIUtil;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads the counter hashes with Lettuce over one lazily opened connection, from any Redis the
 * sidecars write to: standalone, Sentinel or Cluster ({@link RedisScheme}).
 */
public final class RedisCounterSource implements CounterSource {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** A standalone/Sentinel or a cluster connection: only the routing of HGETALL differs. */
  private record HashConnection(
      StatefulConnection<String, String> connection,
      Function<String, Map<String, String>> hgetall) {}

  private final AbstractRedisClient client;
  private final Supplier<HashConnection> connector;
  private HashConnection connection;

  public RedisCounterSource(String redisUrl) {
    this(redisUrl, Optional.empty());
  }

  /**
   * {@code caFile}: PEM CA certificates to trust for {@code rediss://} instead of the JVM's trust
   * store.
   */
  public RedisCounterSource(String redisUrl, Optional<Path> caFile) {
    // Read at every connect, not now: a CA that is missing or rotated costs (or restores) the
    // reports only,
    // never the start of the operator and its webhook.
    Optional<SslOptions> ssl =
        caFile.map(
            file ->
                SslOptions.builder()
                    .jdkSslProvider()
                    .trustManager(() -> Files.newInputStream(file))
                    .build());
    if (RedisScheme.of(redisUrl).map(RedisScheme::cluster).orElse(false)) {
      // Read by Lettuce, as the sidecars read it: the seeds from the contract's multi-host form.
      List<RedisURI> seeds =
          RedisClusterURIUtil.toRedisURIs(URI.create(RedisClusterUrl.asRedisUrl(redisUrl)));
      seeds.forEach(seed -> seed.setTimeout(TIMEOUT));
      RedisClusterClient cluster = RedisClusterClient.create(seeds);
      ssl.ifPresent(
          options ->
              cluster.setOptions(ClusterClientOptions.builder().sslOptions(options).build()));
      this.client = cluster;
      this.connector =
          () -> {
            StatefulRedisClusterConnection<String, String> c = cluster.connect();
            return new HashConnection(c, key -> c.sync().hgetall(key));
          };
    } else {
      RedisClient standalone = RedisClient.create(uri(redisUrl));
      ssl.ifPresent(
          options -> standalone.setOptions(ClientOptions.builder().sslOptions(options).build()));
      this.client = standalone;
      this.connector =
          () -> {
            StatefulRedisConnection<String, String> c = standalone.connect();
            return new HashConnection(c, key -> c.sync().hgetall(key));
          };
    }
  }

  private static RedisURI uri(String url) {
    RedisURI uri = RedisURI.create(url);
    uri.setTimeout(TIMEOUT);
    return uri;
  }

  @Override
  public synchronized RolloutCounters read(String app, long version) {
    try {
      if (connection == null || !connection.connection().isOpen()) {
        connection = connector.get();
      }
      return RolloutCounters.fromHash(
          connection.hgetall().apply(RolloutCounters.key(app, version)));
    } catch (RedisException e) {
      throw new CountersUnavailableException(
          "cannot read " + RolloutCounters.key(app, version) + " from Redis: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      connection.connection().close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
