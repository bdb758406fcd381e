package dev.handoff.sidecar.store;

import dev.handoff.contract.RedisClusterUrl;
import dev.handoff.contract.RedisScheme;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.RedisClusterURIUtil;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.netty.channel.EventLoop;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Where the store's Redis is, from {@code HANDOFF_REDIS_URL}, parsed by Lettuce: standalone and TLS
 * ({@code redis://}, {@code rediss://}) and Sentinel ({@code redis-sentinel://}, following a
 * failover to the new primary) are one {@link RedisURI}; a Cluster ({@code
 * redis-cluster://host:port[,host:port…]}, following MOVED/ASK) is its seeds, read by Lettuce from
 * the contract's multi-host form ({@link RedisClusterUrl#asRedisUrl}). Parsing opens nothing;
 * {@link #open} makes the client and says how to connect.
 */
abstract sealed class RedisTarget permits RedisTarget.Single, RedisTarget.Cluster {

  /**
   * How to reach the target once its client exists: {@code reader} opens the read connection of the
   * first loop and of threads of no loop; {@code loopReaders} those of the further loops that can
   * hold one; {@code writer} opens the batching write connection, or is null when writes share the
   * read connection; {@code shutdown} releases the clients and their threads.
   */
  record Connectors(
      Supplier<CompletableFuture<RedisCommands>> reader,
      List<LoopReader> loopReaders,
      Supplier<CompletableFuture<RedisCommands>> writer,
      Runnable shutdown) {}

  /** Opens a read connection registered on {@code loop}. */
  record LoopReader(EventLoop loop, Supplier<CompletableFuture<RedisCommands>> connect) {}

  /**
   * @param commandTimeout set on every URI: Lettuce's connect and command timeouts
   */
  static RedisTarget parse(String url, Duration commandTimeout) {
    if (RedisScheme.of(url).map(RedisScheme::cluster).orElse(false)) {
      List<RedisURI> seeds =
          RedisClusterURIUtil.toRedisURIs(URI.create(RedisClusterUrl.asRedisUrl(url)));
      seeds.forEach(seed -> seed.setTimeout(commandTimeout));
      return new Cluster(seeds);
    }
    RedisURI uri = RedisURI.create(url);
    uri.setTimeout(commandTimeout);
    return new Single(uri);
  }

  /** A human word for logs, never the URL (it may carry a password). */
  abstract String describe();

  /**
   * Makes the client on resources of its own (see {@link LettuceResources}), its connections on the
   * first of {@code storeLoops} when there is one.
   */
  abstract Connectors open(SslOptions ssl, Duration commandTimeout, List<EventLoop> storeLoops);

  /** A standalone Redis, over TLS or not, or the primary a Sentinel names. */
  static final class Single extends RedisTarget {
    private final RedisURI uri;

    Single(RedisURI uri) {
      this.uri = uri;
    }

    RedisURI uri() {
      return uri;
    }

    @Override
    String describe() {
      return uri.getSentinels().isEmpty()
          ? (uri.isSsl() ? "redis (tls) " : "redis ") + uri.getHost() + ":" + uri.getPort()
          : "redis-sentinel " + uri.getSentinelMasterId();
    }

    /**
     * Two connections on the first loop: reads, and writes that flush in batches ({@link
     * RedisCommands#batched}); and a read connection on each further loop, through a client of its
     * own (a Lettuce client keeps the one event loop group it was first given) that shares the
     * first client's threads. The writes stay on one connection: their batches are what makes a
     * drain cheap.
     */
    @Override
    Connectors open(SslOptions ssl, Duration commandTimeout, List<EventLoop> storeLoops) {
      ClientOptions options =
          ClientOptions.builder()
              .sslOptions(ssl)
              .autoReconnect(true)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
              .build();
      ClientResources resources = LettuceResources.create(storeLoops.stream().findFirst());
      RedisClient client = client(resources, options);
      List<LoopReader> loopReaders = new ArrayList<>();
      List<Runnable> shutdowns = new ArrayList<>();
      for (EventLoop loop : storeLoops.subList(Math.min(1, storeLoops.size()), storeLoops.size())) {
        LettuceResources.onLoop(resources, loop)
            .ifPresent(
                own -> {
                  RedisClient onLoop = client(own, options);
                  loopReaders.add(
                      new LoopReader(
                          loop, () -> connect(onLoop).thenApply(RedisCommands::standalone)));
                  shutdowns.add(() -> LettuceResources.shutdown(onLoop, own));
                });
      }
      // The first client last: the others share its threads.
      shutdowns.add(() -> LettuceResources.shutdown(client, resources));
      return new Connectors(
          () -> connect(client).thenApply(RedisCommands::standalone),
          loopReaders,
          () -> connect(client).thenApply(RedisCommands::batched),
          () -> shutdowns.forEach(Runnable::run));
    }

    private static RedisClient client(ClientResources resources, ClientOptions options) {
      RedisClient client = new AsyncOnlyRedisClient(resources);
      client.setOptions(options);
      return client;
    }

    private CompletableFuture<StatefulRedisConnection<String, String>> connect(RedisClient client) {
      return client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
    }
  }

  /**
   * A Redis Cluster: one connection that flushes every command (a command redirected to another
   * node must not wait for the next flush), shared by reads and writes, on the first loop. It has
   * no connection per loop: that would be a connection per loop to every node, and its writes would
   * leave the reads' connection.
   */
  static final class Cluster extends RedisTarget {
    private final List<RedisURI> seeds;

    Cluster(List<RedisURI> seeds) {
      this.seeds = List.copyOf(seeds);
    }

    List<RedisURI> seeds() {
      return seeds;
    }

    @Override
    String describe() {
      return "redis-cluster " + seeds.size() + " seeds";
    }

    @Override
    Connectors open(SslOptions ssl, Duration commandTimeout, List<EventLoop> storeLoops) {
      ClientResources resources = LettuceResources.create(storeLoops.stream().findFirst());
      RedisClusterClient client = RedisClusterClient.create(resources, seeds);
      client.setOptions(
          ClusterClientOptions.builder()
              .sslOptions(ssl)
              .autoReconnect(true)
              // Node connections open on first use: rejecting commands while they connect would
              // fail the first
              // snapshot of every node. The command timeout still bounds a store that is down.
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
              .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
              .topologyRefreshOptions(
                  ClusterTopologyRefreshOptions.builder()
                      .enableAllAdaptiveRefreshTriggers()
                      .build())
              .build());
      // An asynchronous connect does not load the topology by itself.
      return new Connectors(
          () ->
              client
                  .refreshPartitionsAsync()
                  .toCompletableFuture()
                  .thenCompose(v -> client.connectAsync(StringCodec.UTF8).toCompletableFuture())
                  .thenApply(RedisCommands::cluster),
          List.of(),
          null,
          () -> LettuceResources.shutdown(client, resources));
    }
  }
}
