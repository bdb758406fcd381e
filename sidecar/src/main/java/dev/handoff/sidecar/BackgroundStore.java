package dev.handoff.sidecar;

import dev.handoff.sidecar.store.ExpiringCounters;
import dev.handoff.sidecar.store.HandoffStore;
import dev.handoff.sidecar.store.ReadyVersions;
import dev.handoff.sidecar.store.RolloutCounters;
import dev.handoff.sidecar.store.SnapshotStore;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A store built on its own thread while Vert.x and the proxy start. Building the Redis store loads
 * Lettuce and Reactor (about 1,000 classes): done first on the main thread it delayed readiness by
 * about half a second on the footprint benchmark. It does not connect (that stays in the
 * background: the sidecar proxies while Redis is down). Calls made before the store exists wait for
 * it.
 */
final class BackgroundStore implements HandoffStore {
  private final CompletableFuture<HandoffStore> store = new CompletableFuture<>();
  private final String pending;
  private final SnapshotStore snapshots = new Snapshots();
  // A count never fails, not even when the store could not be built.
  private final RolloutCounters rolloutCounters =
      (key, field) ->
          store.thenCompose(s -> s.rolloutCounters().count(key, field)).exceptionally(err -> null);
  private final ReadyVersions readyVersions = new Ready();
  private final ExpiringCounters expiringCounters =
      (key, ttl) -> store.thenCompose(s -> s.expiringCounters().increment(key, ttl));

  private BackgroundStore(String pending) {
    this.pending = pending;
  }

  /** Starts building the store; {@code pending} describes it until it exists. */
  static BackgroundStore build(Supplier<HandoffStore> factory, String pending) {
    BackgroundStore s = new BackgroundStore(pending);
    Thread t =
        new Thread(
            () -> {
              try {
                s.store.complete(factory.get());
              } catch (RuntimeException | Error e) {
                s.store.completeExceptionally(e);
              }
            },
            "handoff-store-init");
    t.setDaemon(true);
    t.start();
    return s;
  }

  /**
   * Completes once the store exists (its connection is still made in the background), or with why
   * it cannot.
   */
  CompletionStage<Void> built() {
    CompletableFuture<Void> built = new CompletableFuture<>();
    // whenComplete sees the factory's own exception, not a CompletionException around it: Main
    // prints its message.
    store.whenComplete(
        (s, e) -> {
          if (e == null) built.complete(null);
          else built.completeExceptionally(e);
        });
    return built;
  }

  /** Each job's calls wait for the store, then go to its job. */
  @Override
  public SnapshotStore snapshots() {
    return snapshots;
  }

  @Override
  public RolloutCounters rolloutCounters() {
    return rolloutCounters;
  }

  @Override
  public ReadyVersions readyVersions() {
    return readyVersions;
  }

  @Override
  public ExpiringCounters expiringCounters() {
    return expiringCounters;
  }

  private final class Snapshots implements SnapshotStore {
    @Override
    public CompletionStage<Void> put(String key, String envelope, Duration ttl) {
      return store.thenCompose(s -> s.snapshots().put(key, envelope, ttl));
    }

    @Override
    public CompletionStage<Void> putVersions(String versionsKey, String versions, Duration ttl) {
      return store.thenCompose(s -> s.snapshots().putVersions(versionsKey, versions, ttl));
    }

    @Override
    public CompletionStage<Optional<String>> versionsOf(String versionsKey) {
      return store.thenCompose(s -> s.snapshots().versionsOf(versionsKey));
    }

    @Override
    public CompletionStage<Optional<String>> take(String key) {
      return store.thenCompose(s -> s.snapshots().take(key));
    }

    @Override
    public CompletionStage<Void> putBack(String key, String envelope, Duration ttl) {
      return store.thenCompose(s -> s.snapshots().putBack(key, envelope, ttl));
    }
  }

  private final class Ready implements ReadyVersions {
    @Override
    public CompletionStage<Void> announce(String app, long version, Duration ttl) {
      return store.thenCompose(s -> s.readyVersions().announce(app, version, ttl));
    }

    @Override
    public CompletionStage<Set<Long>> of(String app) {
      return store.thenCompose(s -> s.readyVersions().of(app));
    }
  }

  @Override
  public String describe() {
    if (!store.isDone() || store.isCompletedExceptionally()) return pending;
    return store.join().describe();
  }

  /** Closes the store now, or as soon as it exists. */
  @Override
  public void close() {
    store.thenAccept(HandoffStore::close);
  }
}
