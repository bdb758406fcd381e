package dev.handoff.sidecar.store;

import io.lettuce.core.SslOptions;
import io.netty.channel.EventLoop;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The store in Redis through Lettuce, on one {@link RedisTarget}. The sidecar starts even when
 * Redis is down (proxying must not depend on it); the connections are made at start and again after
 * a failure, and commands fail fast while Redis is down instead of queueing.
 *
 * <p>Writes (snapshots, put-backs, WAITs, rollout counters) go over a connection of their own that
 * flushes in batches ({@link FlushBatches}); rollout counters are summed while an increment is in
 * flight ({@link RedisRolloutCounters}). Reads (GETDEL of a restore, the steering look-ups) keep
 * their own connection, so a restore never waits behind a drain's batch: one on each of the store
 * loops, so a restore's round trips stay on its socket's loop ({@link ReadConnections}). A cluster
 * keeps one connection that flushes every command. Each job is a thin store over these connections:
 * {@link RedisSnapshots}, {@link RedisRolloutCounters}, {@link RedisReadyVersions}, {@link
 * RedisExpiringCounters}.
 */
public final class RedisStore implements HandoffStore {

  /**
   * @param waitReplicas replicas that must acknowledge each snapshot before the client gets its
   *     token (Redis {@code WAIT}); 0 to answer as soon as the primary has it
   */
  public record Options(
      Duration commandTimeout, int waitReplicas, Duration waitTimeout, Optional<Path> caFile) {
    public static Options defaults() {
      return new Options(Duration.ofSeconds(2), 0, Duration.ofSeconds(1), Optional.empty());
    }

    /**
     * A WAIT may block the connection for its whole timeout: no command behind it may time out
     * sooner.
     */
    Options withWaitFloor() {
      Duration floor = waitReplicas > 0 ? waitTimeout.plusSeconds(1) : Duration.ZERO;
      return floor.compareTo(commandTimeout) > 0
          ? new Options(floor, waitReplicas, waitTimeout, caFile)
          : this;
    }

    /** TLS trust: the given CA certificates (PEM), else the JVM's own trust store. */
    SslOptions ssl() {
      SslOptions.Builder b = SslOptions.builder().jdkSslProvider();
      caFile.ifPresent(f -> b.trustManager(f.toFile()));
      return b.build();
    }
  }

  private final String description;
  private final ReadConnections readers;
  private final RedisConnection writer;
  private final Runnable shutdown;
  private final List<EventLoop> storeLoops;
  private final SnapshotStore snapshots;
  private final RolloutCounters rolloutCounters;
  private final ReadyVersions readyVersions;
  private final ExpiringCounters expiringCounters;

  public RedisStore(String url, Duration commandTimeout) {
    this(url, new Options(commandTimeout, 0, Duration.ofSeconds(1), Optional.empty()));
  }

  public RedisStore(String url, Options requested) {
    this(url, requested, List.of());
  }

  /**
   * @param storeLoops the caller's event loops the connections run on (replies complete on them):
   *     the first holds the writes and the reads of any thread but the others, each other one the
   *     reads made on it; empty: Lettuce's own threads
   */
  public RedisStore(String url, Options requested, List<EventLoop> storeLoops) {
    Options options = requested.withWaitFloor();
    RedisTarget target = RedisTarget.parse(url, options.commandTimeout());
    this.storeLoops = List.copyOf(storeLoops);
    RedisTarget.Connectors connectors =
        target.open(options.ssl(), options.commandTimeout(), this.storeLoops);
    this.description =
        target.describe() + (options.waitReplicas() > 0 ? ", WAIT " + options.waitReplicas() : "");
    this.readers =
        new ReadConnections(
            new RedisConnection(connectors.reader()),
            connectors.loopReaders().stream()
                .map(r -> new ReadConnections.OnLoop(r.loop(), new RedisConnection(r.connect())))
                .toList());
    this.writer =
        connectors.writer() == null
            ? readers.anyThread()
            : new RedisConnection(connectors.writer());
    this.shutdown = connectors.shutdown();
    this.snapshots =
        new RedisSnapshots(readers, writer, options.waitReplicas(), options.waitTimeout());
    this.rolloutCounters = new RedisRolloutCounters(writer);
    this.readyVersions = new RedisReadyVersions(readers);
    this.expiringCounters = new RedisExpiringCounters(readers);
    // Connect now, in the background, so the first drain or restore does not pay for the handshake.
    readers.connect();
    writer.get();
  }

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

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    readers.close();
    writer.close();
    if (storeLoops.stream().anyMatch(EventLoop::inEventLoop)) {
      // Lettuce waits for its connections to close, and some close on this very loop.
      Thread t = new Thread(shutdown, "handoff-store-close");
      t.setDaemon(true);
      t.start();
    } else {
      shutdown.run();
    }
  }
}
