package dev.handoff.sidecar;

import dev.handoff.sidecar.store.SnapshotStore;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A store built on its own thread while Vert.x and the proxy start. Building the Redis store loads Lettuce and
 * Reactor (about 1,000 classes): done first on the main thread it delayed readiness by about half a second on
 * the footprint benchmark. It does not connect (that stays in the background: the sidecar proxies while Redis
 * is down). Calls made before the store exists wait for it.
 */
final class BackgroundStore implements SnapshotStore {
  private final CompletableFuture<SnapshotStore> store = new CompletableFuture<>();
  private final String pending;

  private BackgroundStore(String pending) {
    this.pending = pending;
  }

  /** Starts building the store; {@code pending} describes it until it exists. */
  static BackgroundStore build(Supplier<SnapshotStore> factory, String pending) {
    BackgroundStore s = new BackgroundStore(pending);
    Thread t = new Thread(() -> {
      try {
        s.store.complete(factory.get());
      } catch (RuntimeException | Error e) {
        s.store.completeExceptionally(e);
      }
    }, "handoff-store-init");
    t.setDaemon(true);
    t.start();
    return s;
  }

  /** Completes once the store exists (its connection is still made in the background), or with why it cannot. */
  CompletionStage<Void> built() {
    CompletableFuture<Void> built = new CompletableFuture<>();
    // whenComplete sees the factory's own exception, not a CompletionException around it: Main prints its message.
    store.whenComplete((s, e) -> {
      if (e == null) built.complete(null);
      else built.completeExceptionally(e);
    });
    return built;
  }

  @Override
  public CompletionStage<Void> put(String key, String envelope, Duration ttl) {
    return store.thenCompose(s -> s.put(key, envelope, ttl));
  }

  @Override
  public CompletionStage<Void> putVersions(String versionsKey, String versions, Duration ttl) {
    return store.thenCompose(s -> s.putVersions(versionsKey, versions, ttl));
  }

  @Override
  public CompletionStage<Optional<String>> versionsOf(String versionsKey) {
    return store.thenCompose(s -> s.versionsOf(versionsKey));
  }

  @Override
  public CompletionStage<Optional<String>> take(String key) {
    return store.thenCompose(s -> s.take(key));
  }

  @Override
  public CompletionStage<Void> putBack(String key, String envelope, Duration ttl) {
    return store.thenCompose(s -> s.putBack(key, envelope, ttl));
  }

  @Override
  public CompletionStage<Void> count(String rolloutKey, String field) {
    return store.thenCompose(s -> s.count(rolloutKey, field));
  }

  @Override
  public CompletionStage<Void> announce(String app, long version, Duration ttl) {
    return store.thenCompose(s -> s.announce(app, version, ttl));
  }

  @Override
  public CompletionStage<Set<Long>> readyVersions(String app) {
    return store.thenCompose(s -> s.readyVersions(app));
  }

  @Override
  public CompletionStage<Long> increment(String key, Duration ttl) {
    return store.thenCompose(s -> s.increment(key, ttl));
  }

  @Override
  public String describe() {
    if (!store.isDone() || store.isCompletedExceptionally()) return pending;
    return store.join().describe();
  }

  /** Closes the store now, or as soon as it exists. */
  @Override
  public void close() {
    store.thenAccept(SnapshotStore::close);
  }
}
