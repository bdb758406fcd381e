package dev.handoff.sidecar.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The embedded default: maps in this JVM. It only helps clients that reconnect to the same process
 * (or to pods sharing this instance in one JVM, as the local rolling deploy does); real deployments
 * use Redis.
 */
public final class InMemoryStore implements HandoffStore {
  private record Entry(String value, long expiresAtMillis) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Map<String, Map<String, AtomicLong>> counters = new ConcurrentHashMap<>();
  private final Map<String, Map<Long, Long>> readyUntil = new ConcurrentHashMap<>();
  private final Map<String, Entry> expiringCounters = new ConcurrentHashMap<>();
  private final Map<String, Entry> snapshotVersions = new ConcurrentHashMap<>();
  private final AtomicLong puts = new AtomicLong();
  private final Clock clock;
  private final SnapshotStore snapshots = new Snapshots();
  private final RolloutCounters rollout = this::count;
  private final ReadyVersions ready = new Ready();
  private final ExpiringCounters expiring = this::increment;

  public InMemoryStore() {
    this(Clock.systemUTC());
  }

  public InMemoryStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public SnapshotStore snapshots() {
    return snapshots;
  }

  @Override
  public RolloutCounters rolloutCounters() {
    return rollout;
  }

  @Override
  public ReadyVersions readyVersions() {
    return ready;
  }

  @Override
  public ExpiringCounters expiringCounters() {
    return expiring;
  }

  private final class Snapshots implements SnapshotStore {
    @Override
    public CompletionStage<Void> put(String key, String envelope, Duration ttl) {
      // Sweeping on every put would make a drain of n sockets cost n squared.
      if (puts.incrementAndGet() % 1024 == 0) evictExpired();
      entries.put(key, new Entry(envelope, clock.millis() + ttl.toMillis()));
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> putVersions(String versionsKey, String versions, Duration ttl) {
      long now = clock.millis();
      // Kept apart from the snapshots, so size() counts snapshots only.
      snapshotVersions.compute(
          versionsKey,
          (k, old) ->
              old == null || old.expiresAtMillis() <= now
                  ? new Entry(versions, now + ttl.toMillis())
                  : old);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Optional<String>> versionsOf(String versionsKey) {
      Entry e = snapshotVersions.get(versionsKey);
      return CompletableFuture.completedFuture(
          e == null || e.expiresAtMillis() <= clock.millis()
              ? Optional.empty()
              : Optional.of(e.value()));
    }

    @Override
    public CompletionStage<Optional<String>> take(String key) {
      Entry e = entries.remove(key);
      if (e == null || e.expiresAtMillis() <= clock.millis()) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      return CompletableFuture.completedFuture(Optional.of(e.value()));
    }

    @Override
    public CompletionStage<Void> putBack(String key, String envelope, Duration ttl) {
      entries.putIfAbsent(key, new Entry(envelope, clock.millis() + ttl.toMillis()));
      return CompletableFuture.completedFuture(null);
    }
  }

  private CompletionStage<Void> count(String rolloutKey, String field) {
    counters
        .computeIfAbsent(rolloutKey, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(field, f -> new AtomicLong())
        .incrementAndGet();
    return CompletableFuture.completedFuture(null);
  }

  private final class Ready implements ReadyVersions {
    @Override
    public CompletionStage<Void> announce(String app, long version, Duration ttl) {
      long until = clock.millis() + ttl.toMillis();
      readyUntil
          .computeIfAbsent(app, a -> new ConcurrentHashMap<>())
          .merge(version, until, Math::max);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Set<Long>> of(String app) {
      long now = clock.millis();
      Set<Long> ready =
          readyUntil.getOrDefault(app, Map.of()).entrySet().stream()
              .filter(e -> e.getValue() > now)
              .map(Map.Entry::getKey)
              .collect(Collectors.toUnmodifiableSet());
      return CompletableFuture.completedFuture(ready);
    }
  }

  private CompletionStage<Long> increment(String key, Duration ttl) {
    long now = clock.millis();
    // Kept apart from the snapshots, so size() counts snapshots only.
    Entry e =
        expiringCounters.compute(
            key,
            (k, old) ->
                old == null || old.expiresAtMillis() <= now
                    ? new Entry("1", now + ttl.toMillis())
                    : new Entry(
                        Long.toString(Long.parseLong(old.value()) + 1), old.expiresAtMillis()));
    return CompletableFuture.completedFuture(Long.parseLong(e.value()));
  }

  /** A counter's value, for reports of the local rolling deploy. */
  public long counter(String rolloutKey, String field) {
    AtomicLong v = counters.getOrDefault(rolloutKey, Map.of()).get(field);
    return v == null ? 0 : v.get();
  }

  /** Snapshots still waiting (not taken and not expired). */
  public int size() {
    evictExpired();
    return entries.size();
  }

  private void evictExpired() {
    long now = clock.millis();
    entries.values().removeIf(e -> e.expiresAtMillis() <= now);
    expiringCounters.values().removeIf(e -> e.expiresAtMillis() <= now);
    snapshotVersions.values().removeIf(e -> e.expiresAtMillis() <= now);
  }

  @Override
  public String describe() {
    return "in-memory";
  }

  @Override
  public void close() {
    entries.clear();
    snapshotVersions.clear();
  }
}
