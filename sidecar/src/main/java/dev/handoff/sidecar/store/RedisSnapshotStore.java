package dev.handoff.sidecar.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.Range;
import io.lettuce.core.SetArgs;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Snapshots in Redis through Lettuce: {@code SET key value PX ttl NX} to store, {@code GETDEL} to take.
 * Standalone and TLS ({@code redis://}, {@code rediss://}), Sentinel ({@code redis-sentinel://}, following a
 * failover to the new primary) and Cluster ({@code redis-cluster://host:port[,host:port…]}, following
 * MOVED/ASK). The sidecar starts even when Redis is down (proxying must not depend on it); the connection
 * is made at start and again after a failure, and commands fail fast while it is down instead of queueing.
 */
public final class RedisSnapshotStore implements SnapshotStore {
  private static final Duration COUNTER_TTL = Duration.ofDays(7);

  /** The few commands the store needs, over a standalone/Sentinel connection or a cluster one. */
  private interface Commands {
    RedisFuture<String> set(String key, String value, SetArgs args);

    RedisFuture<String> getdel(String key);

    RedisFuture<Long> hincrby(String key, String field, long by);

    RedisFuture<Boolean> expire(String key, long seconds);

    RedisFuture<Long> waitForReplication(int replicas, long timeoutMillis);

    RedisFuture<Long> zadd(String key, ZAddArgs args, double score, String member);

    RedisFuture<List<String>> zrangebyscore(String key, Range<Double> range);

    RedisFuture<Long> incr(String key);

    RedisFuture<Boolean> pexpire(String key, long millis);

    void close();
  }

  /**
   * @param waitReplicas  replicas that must acknowledge each snapshot before the client gets its token
   *                      (Redis {@code WAIT}); 0 to answer as soon as the primary has it
   */
  public record Options(Duration commandTimeout, int waitReplicas, Duration waitTimeout, Optional<Path> caFile) {
    public static Options defaults() {
      return new Options(Duration.ofSeconds(2), 0, Duration.ofSeconds(1), Optional.empty());
    }

    /** TLS trust: the given CA certificates (PEM), else the JVM's own trust store. */
    SslOptions ssl() {
      SslOptions.Builder b = SslOptions.builder().jdkSslProvider();
      caFile.ifPresent(f -> b.trustManager(f.toFile()));
      return b.build();
    }
  }

  private final String description;
  private final Supplier<CompletableFuture<Commands>> connector;
  private final Runnable shutdown;
  private final Options options;
  private final AtomicReference<CompletableFuture<Commands>> connection = new AtomicReference<>();
  private final Object waitLock = new Object();
  private CompletableFuture<Long> waitInFlight;
  private CompletableFuture<Long> waitQueued;

  /** How to reach one kind of Redis deployment. */
  private record Target(String description, Supplier<CompletableFuture<Commands>> connector, Runnable shutdown) {}

  public RedisSnapshotStore(String url, Duration commandTimeout) {
    this(url, new Options(commandTimeout, 0, Duration.ofSeconds(1), Optional.empty()));
  }

  public RedisSnapshotStore(String url, Options options) {
    Target target = target(url, options);
    this.description = target.description();
    this.connector = target.connector();
    this.shutdown = target.shutdown();
    this.options = options;
    // Connect now, in the background, so the first drain does not pay for the handshake.
    connection();
  }

  private static Target target(String url, Options requested) {
    // A WAIT may block the connection for its whole timeout: no command behind it may time out sooner.
    Duration floor = requested.waitReplicas() > 0 ? requested.waitTimeout().plusSeconds(1) : Duration.ZERO;
    Options options = floor.compareTo(requested.commandTimeout()) > 0
        ? new Options(floor, requested.waitReplicas(), requested.waitTimeout(), requested.caFile()) : requested;
    if (url.toLowerCase(Locale.ROOT).startsWith("redis-cluster://")
        || url.toLowerCase(Locale.ROOT).startsWith("rediss-cluster://")) {
      return cluster(url, options);
    }
    RedisURI uri = RedisURI.create(url);
    uri.setTimeout(options.commandTimeout());
    ClientResources resources = LettuceResources.create();
    RedisClient client = RedisClient.create(resources);
    client.setOptions(ClientOptions.builder()
        .sslOptions(options.ssl())
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()))
        .build());
    String kind = uri.getSentinels().isEmpty()
        ? (uri.isSsl() ? "redis (tls) " : "redis ") + uri.getHost() + ":" + uri.getPort()
        : "redis-sentinel " + uri.getSentinelMasterId();
    Supplier<CompletableFuture<Commands>> connector = () -> client.connectAsync(StringCodec.UTF8, uri)
        .toCompletableFuture().thenApply(RedisSnapshotStore::standalone);
    return new Target(kind, connector, () -> LettuceResources.shutdown(client, resources));
  }

  private static Target cluster(String url, Options options) {
    boolean tls = url.toLowerCase(Locale.ROOT).startsWith("rediss-");
    String rest = url.substring(url.indexOf("://") + 3);
    String credentials = rest.contains("@") ? rest.substring(0, rest.lastIndexOf('@') + 1) : "";
    String hosts = rest.substring(credentials.length()).replaceAll("/.*$", "");
    List<RedisURI> seeds = new ArrayList<>();
    for (String host : hosts.split(",")) {
      RedisURI seed = RedisURI.create((tls ? "rediss://" : "redis://") + credentials + host.trim());
      seed.setTimeout(options.commandTimeout());
      seeds.add(seed);
    }
    ClientResources resources = LettuceResources.create();
    RedisClusterClient client = RedisClusterClient.create(resources, seeds);
    client.setOptions(ClusterClientOptions.builder()
        .sslOptions(options.ssl())
        .autoReconnect(true)
        // Node connections open on first use: rejecting commands while they connect would fail the first
        // snapshot of every node. The command timeout still bounds a store that is down.
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()))
        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
            .enableAllAdaptiveRefreshTriggers().build())
        .build());
    // An asynchronous connect does not load the topology by itself.
    Supplier<CompletableFuture<Commands>> connector = () -> client.refreshPartitionsAsync().toCompletableFuture()
        .thenCompose(v -> client.connectAsync(StringCodec.UTF8).toCompletableFuture())
        .thenApply(RedisSnapshotStore::cluster);
    return new Target("redis-cluster " + seeds.size() + " seeds", connector,
        () -> LettuceResources.shutdown(client, resources));
  }

  private static Commands standalone(StatefulRedisConnection<String, String> c) {
    return commands(c.async(), c::closeAsync);
  }

  private static Commands cluster(StatefulRedisClusterConnection<String, String> c) {
    return commands(c.async(), c::closeAsync);
  }

  /** Standalone and cluster connections share these commands; only the routing differs. */
  private static Commands commands(RedisClusterAsyncCommands<String, String> a, Runnable close) {
    return new Commands() {
      public RedisFuture<String> set(String k, String v, SetArgs args) { return a.set(k, v, args); }
      public RedisFuture<String> getdel(String k) { return a.getdel(k); }
      public RedisFuture<Long> hincrby(String k, String f, long by) { return a.hincrby(k, f, by); }
      public RedisFuture<Boolean> expire(String k, long s) { return a.expire(k, s); }
      public RedisFuture<Long> waitForReplication(int r, long t) { return a.waitForReplication(r, t); }
      public RedisFuture<Long> zadd(String k, ZAddArgs args, double score, String m) { return a.zadd(k, args, score, m); }
      public RedisFuture<List<String>> zrangebyscore(String k, Range<Double> r) { return a.zrangebyscore(k, r); }
      public RedisFuture<Long> incr(String k) { return a.incr(k); }
      public RedisFuture<Boolean> pexpire(String k, long ms) { return a.pexpire(k, ms); }
      public void close() { close.run(); }
    };
  }

  private CompletableFuture<Commands> connection() {
    CompletableFuture<Commands> current = connection.get();
    if (current != null && !(current.isDone() && current.isCompletedExceptionally())) {
      return current;
    }
    CompletableFuture<Commands> fresh = connector.get();
    if (connection.compareAndSet(current, fresh)) {
      return fresh;
    }
    fresh.thenAccept(Commands::close);
    return connection.get();
  }

  @Override
  public CompletionStage<Void> put(String key, String envelope, Duration ttl) {
    return connection()
        .thenCompose(c -> c.set(key, envelope, SetArgs.Builder.px(ttl.toMillis()).nx())
            .thenCompose(reply -> {
              if (!"OK".equals(reply)) throw new IllegalStateException("snapshot key already exists");
              return replicated(c);
            }));
  }

  /**
   * With {@code waitReplicas}, a snapshot counts as stored only once enough replicas hold it. One WAIT
   * covers every earlier write of the connection, and WAIT blocks the connection while it runs, so the
   * snapshots of a drain share WAITs: those stored while one is under way join the next.
   */
  private CompletionStage<Void> replicated(Commands c) {
    if (options.waitReplicas() <= 0) return CompletableFuture.completedFuture(null);
    CompletableFuture<Long> batch;
    boolean send = false;
    synchronized (waitLock) {
      if (waitInFlight == null) {
        waitInFlight = new CompletableFuture<>();
        batch = waitInFlight;
        send = true;
      } else {
        if (waitQueued == null) waitQueued = new CompletableFuture<>();
        batch = waitQueued;
      }
    }
    if (send) sendWait(c, batch);
    return batch.thenAccept(acked -> {
      if (acked < options.waitReplicas()) {
        throw new IllegalStateException("only " + acked + " of " + options.waitReplicas() + " replicas acknowledged");
      }
    });
  }

  private void sendWait(Commands c, CompletableFuture<Long> batch) {
    c.waitForReplication(options.waitReplicas(), options.waitTimeout().toMillis()).whenComplete((acked, err) -> {
      if (err != null) batch.completeExceptionally(err);
      else batch.complete(acked);
      CompletableFuture<Long> next;
      synchronized (waitLock) {
        next = waitQueued;
        waitQueued = null;
        waitInFlight = next;
      }
      if (next != null) sendWait(c, next);
    });
  }

  @Override
  public CompletionStage<Optional<String>> take(String key) {
    return connection().thenCompose(c -> c.getdel(key)).thenApply(Optional::ofNullable);
  }

  @Override
  public CompletionStage<Void> putBack(String key, String envelope, Duration ttl) {
    return connection()
        .thenCompose(c -> c.set(key, envelope, SetArgs.Builder.px(ttl.toMillis()).nx()))
        .thenAccept(reply -> {});
  }

  @Override
  public CompletionStage<Void> count(String rolloutKey, String field) {
    return connection()
        .thenCompose(c -> c.hincrby(rolloutKey, field, 1)
            .thenCompose(n -> c.expire(rolloutKey, COUNTER_TTL.toSeconds())))
        .handle((ok, err) -> null);
  }

  @Override
  public CompletionStage<Void> announce(String app, long version, Duration ttl) {
    String key = SnapshotKeys.ready(app);
    // GT: of two pods of one version, the later expiry wins; the key itself outlives idle apps by a minute.
    return connection().thenCompose(c -> c.zadd(key, ZAddArgs.Builder.gt(),
            System.currentTimeMillis() + ttl.toMillis(), Long.toString(version))
        .thenCompose(n -> c.pexpire(key, ttl.toMillis() + 60_000)))
        .thenAccept(ok -> {});
  }

  @Override
  public CompletionStage<Long> newestReady(String app) {
    return connection()
        .thenCompose(c -> c.zrangebyscore(SnapshotKeys.ready(app),
            Range.create((double) System.currentTimeMillis(), Double.POSITIVE_INFINITY)))
        .thenApply(versions -> versions.stream().mapToLong(Long::parseLong).max().orElse(-1));
  }

  @Override
  public CompletionStage<Long> increment(String key, Duration ttl) {
    return connection().thenCompose(c -> c.incr(key).thenCompose(n -> n == 1
        ? c.pexpire(key, ttl.toMillis()).thenApply(ok -> n)
        : CompletableFuture.completedFuture(n)));
  }

  @Override
  public String describe() {
    return description + (options.waitReplicas() > 0 ? ", WAIT " + options.waitReplicas() : "");
  }

  @Override
  public void close() {
    CompletableFuture<Commands> c = connection.get();
    if (c != null && c.isDone() && !c.isCompletedExceptionally()) {
      c.join().close();
    }
    shutdown.run();
  }
}
