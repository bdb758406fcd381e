package dev.handoff.sidecar.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Snapshots in Redis through Lettuce: {@code SET key value PX ttl NX} to store, {@code GETDEL} to take.
 * The sidecar starts even when Redis is down (proxying must not depend on it); the connection is made on
 * first use and again after a failure, and commands fail fast while it is down instead of queueing.
 */
public final class RedisSnapshotStore implements SnapshotStore {
  private static final Duration COUNTER_TTL = Duration.ofDays(7);

  private final RedisClient client;
  private final RedisURI uri;
  private final AtomicReference<CompletableFuture<StatefulRedisConnection<String, String>>> connection =
      new AtomicReference<>();

  public RedisSnapshotStore(String url, Duration commandTimeout) {
    this.uri = RedisURI.create(url);
    this.uri.setTimeout(commandTimeout);
    this.client = RedisClient.create();
    this.client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
        .build());
    // Connect now, in the background, so the first drain does not pay for the handshake.
    connection();
  }

  private CompletableFuture<StatefulRedisConnection<String, String>> connection() {
    CompletableFuture<StatefulRedisConnection<String, String>> current = connection.get();
    if (current != null && !(current.isDone() && current.isCompletedExceptionally())) {
      return current;
    }
    CompletableFuture<StatefulRedisConnection<String, String>> fresh =
        client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
    if (connection.compareAndSet(current, fresh)) {
      return fresh;
    }
    fresh.thenAccept(StatefulRedisConnection::closeAsync);
    return connection.get();
  }

  @Override
  public CompletionStage<Void> put(String key, String envelope, Duration ttl) {
    return connection()
        .thenCompose(c -> c.async().set(key, envelope, SetArgs.Builder.px(ttl.toMillis()).nx()))
        .thenAccept(reply -> {
          if (!"OK".equals(reply)) {
            throw new IllegalStateException("snapshot key already exists");
          }
        });
  }

  @Override
  public CompletionStage<Optional<String>> take(String key) {
    return connection().thenCompose(c -> c.async().getdel(key)).thenApply(Optional::ofNullable);
  }

  @Override
  public CompletionStage<Void> putBack(String key, String envelope, Duration ttl) {
    return connection()
        .thenCompose(c -> c.async().set(key, envelope, SetArgs.Builder.px(ttl.toMillis()).nx()))
        .thenAccept(reply -> {});
  }

  @Override
  public CompletionStage<Void> count(String rolloutKey, String field) {
    return connection()
        .thenCompose(c -> {
          var async = c.async();
          return async.hincrby(rolloutKey, field, 1)
              .thenCompose(n -> async.expire(rolloutKey, COUNTER_TTL.toSeconds()));
        })
        .handle((ok, err) -> null);
  }

  @Override
  public String describe() {
    String kind = uri.getSentinels().isEmpty() ? (uri.isSsl() ? "redis (tls)" : "redis") : "redis-sentinel";
    return kind + " " + (uri.getSentinels().isEmpty() ? uri.getHost() + ":" + uri.getPort() : uri.getSentinelMasterId());
  }

  @Override
  public void close() {
    CompletableFuture<StatefulRedisConnection<String, String>> c = connection.get();
    if (c != null && c.isDone() && !c.isCompletedExceptionally()) {
      c.join().close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
