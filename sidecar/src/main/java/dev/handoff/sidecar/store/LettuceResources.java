package dev.handoff.sidecar.store;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Lettuce's threads and helpers, sized for a sidecar: one store connection (one per node on a
 * cluster) that is idle except during a drain. Lettuce's defaults grow with the node (one I/O and
 * one computation thread per core) and record per-command latency histograms nobody reads; on the
 * footprint benchmark the latency collector loads HdrHistogram and schedules a publisher for them.
 * (Lettuce's JFR events are switched off with Netty's, in the sidecar's {@code ProcessDefaults}.)
 */
final class LettuceResources {
  /**
   * Two I/O threads: a standalone or Sentinel store uses one connection, hence one thread; a
   * cluster spreads its node connections over both. Two computation threads run reconnects and
   * topology refreshes.
   */
  static final int THREADS = 2;

  private LettuceResources() {}

  static ClientResources create() {
    return ClientResources.builder()
        .ioThreadPoolSize(THREADS)
        .computationThreadPoolSize(THREADS)
        .commandLatencyRecorder(CommandLatencyRecorder.disabled())
        .build();
  }

  /** Resources handed to a client are not the client's to release: both go, client first. */
  static void shutdown(AbstractRedisClient client, ClientResources resources) {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3000);
  }
}
