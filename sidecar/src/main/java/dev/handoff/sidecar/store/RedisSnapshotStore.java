package dev.handoff.sidecar.store;

import dev.handoff.contract.RedisClusterUrl;
import dev.handoff.contract.RedisKeys;
import dev.handoff.contract.RedisScheme;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Snapshots in Redis through Lettuce: {@code SET key value PX ttl NX} to store, {@code GETDEL} to take.
 * Standalone and TLS ({@code redis://}, {@code rediss://}), Sentinel ({@code redis-sentinel://}, following a
 * failover to the new primary) and Cluster ({@code redis-cluster://host:port[,host:port…]}, following
 * MOVED/ASK). The sidecar starts even when Redis is down (proxying must not depend on it); the connection
 * is made at start and again after a failure, and commands fail fast while it is down instead of queueing.
 *
 * <p>Writes (snapshots, put-backs, WAITs, rollout counters) go over a connection of their own that flushes in
 * batches: a command is sent at once when nothing of that connection is in flight, and the commands that arrive
 * while a batch is in flight go out together when its last reply is in. A drain's thousands of SETs thus
 * cost a few dozen socket writes instead of one each, with no timer and no added wait for a lone command.
 * Rollout counters are summed while an increment is in flight and sent as one {@code HINCRBY key field n}
 * per field. Reads (GETDEL of a restore, the steering look-ups) keep their own connection, so a restore never
 * waits behind a drain's batch. A cluster keeps one connection that flushes every command (a command
 * redirected to another node must not wait for the next flush).
 */
public final class RedisSnapshotStore implements SnapshotStore {
  private static final Duration COUNTER_TTL = Duration.ofDays(7);

  /** The few commands the store needs, over a standalone/Sentinel connection or a cluster one. */
  private interface Commands {
    RedisFuture<String> set(String key, String value, SetArgs args);

    RedisFuture<String> getdel(String key);

    RedisFuture<String> get(String key);

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
  private final Supplier<CompletableFuture<Commands>> writerConnector;
  private final Runnable shutdown;
  private final Options options;
  private final AtomicReference<CompletableFuture<Commands>> connection = new AtomicReference<>();
  private final AtomicReference<CompletableFuture<Commands>> writer;
  private final Object waitLock = new Object();
  private CompletableFuture<Long> waitInFlight;
  private CompletableFuture<Long> waitQueued;
  private final RolloutCounts counts = new RolloutCounts();

  /**
   * How to reach one kind of Redis deployment; {@code writerConnector} opens the batching write connection,
   * null when writes share the read connection.
   */
  private record Target(String description, Supplier<CompletableFuture<Commands>> connector,
                        Supplier<CompletableFuture<Commands>> writerConnector, Runnable shutdown) {}

  public RedisSnapshotStore(String url, Duration commandTimeout) {
    this(url, new Options(commandTimeout, 0, Duration.ofSeconds(1), Optional.empty()));
  }

  public RedisSnapshotStore(String url, Options options) {
    Target target = target(url, options);
    this.description = target.description();
    this.connector = target.connector();
    this.writerConnector = target.writerConnector();
    this.writer = writerConnector == null ? connection : new AtomicReference<>();
    this.shutdown = target.shutdown();
    this.options = options;
    // Connect now, in the background, so the first drain does not pay for the handshake.
    connection();
    writer();
  }

  private static Target target(String url, Options requested) {
    // A WAIT may block the connection for its whole timeout: no command behind it may time out sooner.
    Duration floor = requested.waitReplicas() > 0 ? requested.waitTimeout().plusSeconds(1) : Duration.ZERO;
    Options options = floor.compareTo(requested.commandTimeout()) > 0
        ? new Options(floor, requested.waitReplicas(), requested.waitTimeout(), requested.caFile()) : requested;
    if (RedisScheme.of(url).map(RedisScheme::cluster).orElse(false)) {
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
    Supplier<CompletableFuture<Commands>> writerConnector = () -> client.connectAsync(StringCodec.UTF8, uri)
        .toCompletableFuture().thenApply(RedisSnapshotStore::batched);
    return new Target(kind, connector, writerConnector, () -> LettuceResources.shutdown(client, resources));
  }

  private static Target cluster(String url, Options options) {
    List<RedisURI> seeds = new ArrayList<>();
    for (String seedUrl : RedisClusterUrl.seeds(url)) {
      RedisURI seed = RedisURI.create(seedUrl);
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
    return new Target("redis-cluster " + seeds.size() + " seeds", connector, null,
        () -> LettuceResources.shutdown(client, resources));
  }

  private static Commands standalone(StatefulRedisConnection<String, String> c) {
    return commands(c.async(), c::closeAsync);
  }

  /** A standalone connection that flushes in batches (see the class comment); used for writes only. */
  private static Commands batched(StatefulRedisConnection<String, String> c) {
    c.setAutoFlushCommands(false);
    Commands plain = commands(c.async(), c::closeAsync);
    FlushBatches batches = new FlushBatches(c::flushCommands);
    return new Commands() {
      public RedisFuture<String> set(String k, String v, SetArgs args) { return batches.send(() -> plain.set(k, v, args)); }
      public RedisFuture<String> getdel(String k) { return batches.send(() -> plain.getdel(k)); }
      public RedisFuture<String> get(String k) { return batches.send(() -> plain.get(k)); }
      public RedisFuture<Long> hincrby(String k, String f, long by) { return batches.send(() -> plain.hincrby(k, f, by)); }
      public RedisFuture<Boolean> expire(String k, long s) { return batches.send(() -> plain.expire(k, s)); }
      public RedisFuture<Long> waitForReplication(int r, long t) { return batches.send(() -> plain.waitForReplication(r, t)); }
      public RedisFuture<Long> zadd(String k, ZAddArgs args, double score, String m) { return batches.send(() -> plain.zadd(k, args, score, m)); }
      public RedisFuture<List<String>> zrangebyscore(String k, Range<Double> r) { return batches.send(() -> plain.zrangebyscore(k, r)); }
      public RedisFuture<Long> incr(String k) { return batches.send(() -> plain.incr(k)); }
      public RedisFuture<Boolean> pexpire(String k, long ms) { return batches.send(() -> plain.pexpire(k, ms)); }
      public void close() { plain.close(); }
    };
  }

  private static Commands cluster(StatefulRedisClusterConnection<String, String> c) {
    return commands(c.async(), c::closeAsync);
  }

  /** Standalone and cluster connections share these commands; only the routing differs. */
  private static Commands commands(RedisClusterAsyncCommands<String, String> a, Runnable close) {
    return new Commands() {
      public RedisFuture<String> set(String k, String v, SetArgs args) { return a.set(k, v, args); }
      public RedisFuture<String> getdel(String k) { return a.getdel(k); }
      public RedisFuture<String> get(String k) { return a.get(k); }
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
    return connection(connection, connector);
  }

  /** The write connection: batched where the deployment allows it, else the read connection. */
  private CompletableFuture<Commands> writer() {
    return writerConnector == null ? connection() : connection(writer, writerConnector);
  }

  private static CompletableFuture<Commands> connection(AtomicReference<CompletableFuture<Commands>> ref,
                                                        Supplier<CompletableFuture<Commands>> connect) {
    CompletableFuture<Commands> current = ref.get();
    if (current != null && !(current.isDone() && current.isCompletedExceptionally())) {
      return current;
    }
    CompletableFuture<Commands> fresh = connect.get();
    if (ref.compareAndSet(current, fresh)) {
      return fresh;
    }
    fresh.thenAccept(Commands::close);
    return ref.get();
  }

  @Override
  public CompletionStage<Void> put(String key, String envelope, Duration ttl) {
    return writer()
        .thenCompose(c -> c.set(key, envelope, SetArgs.Builder.px(ttl.toMillis()).nx())
            .thenCompose(reply -> {
              if (!"OK".equals(reply)) throw new SnapshotKeyTakenException();
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
        throw new ReplicasNotAcknowledgedException(acked, options.waitReplicas());
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

  /** On the write connection, right behind its snapshot's SET: in the same batch, so it costs no round trip. */
  @Override
  public CompletionStage<Void> putVersions(String versionsKey, String versions, Duration ttl) {
    return writer()
        .thenCompose(c -> c.set(versionsKey, versions, SetArgs.Builder.px(ttl.toMillis()).nx()))
        .thenAccept(reply -> {});
  }

  @Override
  public CompletionStage<Optional<String>> versionsOf(String versionsKey) {
    return connection().thenCompose(c -> c.get(versionsKey)).thenApply(Optional::ofNullable);
  }

  @Override
  public CompletionStage<Optional<String>> take(String key) {
    return connection().thenCompose(c -> c.getdel(key)).thenApply(Optional::ofNullable);
  }

  @Override
  public CompletionStage<Void> putBack(String key, String envelope, Duration ttl) {
    return writer()
        .thenCompose(c -> c.set(key, envelope, SetArgs.Builder.px(ttl.toMillis()).nx()))
        .thenAccept(reply -> {});
  }

  /** Completes once the increment reached Redis (or could not): never fails. */
  @Override
  public CompletionStage<Void> count(String rolloutKey, String field) {
    RolloutCounts.Joined joined = counts.add(rolloutKey, field);
    if (joined.sendNow()) sendCounts(joined.batch());
    return joined.batch();
  }

  /** One HINCRBY per counter of the batch and one EXPIRE per hash; then the batch queued meanwhile, if any. */
  private void sendCounts(CompletableFuture<Void> batch) {
    Map<String, Map<String, Long>> sums = counts.take();
    writer().thenCompose(c -> {
      List<CompletableFuture<?>> replies = new ArrayList<>();
      sums.forEach((key, fields) -> {
        fields.forEach((field, n) -> replies.add(c.hincrby(key, field, n).toCompletableFuture()));
        replies.add(c.expire(key, COUNTER_TTL.toSeconds()).toCompletableFuture());
      });
      return CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new));
    }).whenComplete((ok, err) -> {
      batch.complete(null);
      CompletableFuture<Void> next = counts.sent();
      if (next != null) sendCounts(next);
    });
  }

  @Override
  public CompletionStage<Void> announce(String app, long version, Duration ttl) {
    String key = RedisKeys.ready(app);
    // GT: of two pods of one version, the later expiry wins; the key itself outlives idle apps by a minute.
    return connection().thenCompose(c -> c.zadd(key, ZAddArgs.Builder.gt(),
            System.currentTimeMillis() + ttl.toMillis(), Long.toString(version))
        .thenCompose(n -> c.pexpire(key, ttl.toMillis() + 60_000)))
        .thenAccept(ok -> {});
  }

  @Override
  public CompletionStage<Set<Long>> readyVersions(String app) {
    return connection()
        .thenCompose(c -> c.zrangebyscore(RedisKeys.ready(app),
            Range.create((double) System.currentTimeMillis(), Double.POSITIVE_INFINITY)))
        .thenApply(versions -> versions.stream().map(Long::parseLong).collect(Collectors.toUnmodifiableSet()));
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
    for (AtomicReference<CompletableFuture<Commands>> ref : List.of(connection, writer)) {
      CompletableFuture<Commands> c = ref.get();
      if (c != null && c.isDone() && !c.isCompletedExceptionally()) {
        c.join().close();
      }
    }
    shutdown.run();
  }

  /**
   * Sends what was buffered on a connection that does not flush by itself: at once when nothing is in flight,
   * else when the reply to the last command of the batch in flight comes in (Redis answers in order).
   */
  static final class FlushBatches {
    private final Runnable flush;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final AtomicReference<CompletionStage<?>> last = new AtomicReference<>();

    FlushBatches(Runnable flush) {
      this.flush = flush;
    }

    <T> RedisFuture<T> send(Supplier<RedisFuture<T>> command) {
      RedisFuture<T> f = command.get();
      last.set(f);
      flushIfIdle();
      return f;
    }

    private void flushIfIdle() {
      if (!inFlight.compareAndSet(false, true)) return;
      CompletionStage<?> end = last.get();
      flush.run();
      end.whenComplete((r, e) -> {
        inFlight.set(false);
        // A command buffered after `end` was read is either in this flush or still waiting for one.
        if (last.get() != end) flushIfIdle();
      });
    }
  }

  /**
   * Rollout counter increments summed while a batch of them is in flight. An increment either starts a batch
   * (the caller sends it) or joins the one queued behind the batch in flight ({@link #sent} hands it over).
   */
  private static final class RolloutCounts {
    /** The batch an increment belongs to, and whether its caller must send it. */
    record Joined(CompletableFuture<Void> batch, boolean sendNow) {}

    private Map<String, Map<String, Long>> sums = new HashMap<>();
    private CompletableFuture<Void> inFlight;
    private CompletableFuture<Void> queued;

    synchronized Joined add(String key, String field) {
      sums.computeIfAbsent(key, k -> new HashMap<>()).merge(field, 1L, Long::sum);
      if (inFlight == null) {
        inFlight = new CompletableFuture<>();
        return new Joined(inFlight, true);
      }
      if (queued == null) queued = new CompletableFuture<>();
      return new Joined(queued, false);
    }

    /** The sums so far, which the caller sends. */
    synchronized Map<String, Map<String, Long>> take() {
      Map<String, Map<String, Long>> taken = sums;
      sums = new HashMap<>();
      return taken;
    }

    /** The batch in flight is answered; returns the queued one to send next, if any. */
    synchronized CompletableFuture<Void> sent() {
      inFlight = queued;
      queued = null;
      return inFlight;
    }
  }
}
