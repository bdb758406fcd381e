package dev.handoff.sidecar.store;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Lettuce's threads and helpers, sized for a sidecar: a few store connections (a read connection
 * per event loop and one for writes; one per node on a cluster) that are idle except during a drain
 * or a burst of restores. Lettuce's defaults grow with the node (one I/O and one computation thread
 * per core) and record per-command latency histograms nobody reads; on the footprint benchmark the
 * latency collector loads HdrHistogram and schedules a publisher for them. (Lettuce's JFR events
 * are switched off with Netty's, in the sidecar's {@code ProcessDefaults}.)
 */
final class LettuceResources {
  /**
   * Two I/O threads when the store has no loop of the sidecar's (see {@link StoreEventLoop}): a
   * standalone or Sentinel store uses one connection, hence one thread; a cluster spreads its node
   * connections over both. Two computation threads run reconnects and topology refreshes.
   */
  static final int THREADS = 2;

  private LettuceResources() {}

  /**
   * @param storeLoop the sidecar's event loop the connections run on (see {@link StoreEventLoop});
   *     empty: Lettuce's own I/O threads
   */
  static ClientResources create(Optional<EventLoop> storeLoop) {
    ClientResources.Builder b =
        ClientResources.builder()
            .computationThreadPoolSize(THREADS)
            .commandLatencyRecorder(CommandLatencyRecorder.disabled());
    if (storeLoop.isPresent() && storeLoop.get() instanceof IoEventLoop loop) {
      b.eventLoopGroupProvider(new StoreEventLoop(loop, THREADS));
    } else {
      b.ioThreadPoolSize(THREADS);
    }
    return b.build();
  }

  /**
   * Resources for a further client whose connections run on {@code loop}: everything else (the
   * computation threads, the timer, the event bus) is {@code first}'s, given so that these
   * resources own nothing and shutting them down leaves {@code first}'s alone. ({@code mutate()}
   * alone would copy {@code first}'s ownership too.) Empty where the loop cannot hold Lettuce's
   * transport: the fallback's own threads would then grow with the loops.
   */
  static Optional<ClientResources> onLoop(ClientResources first, EventLoop loop) {
    if (!(loop instanceof IoEventLoop io) || !StoreEventLoop.runsLettucesTransport(io)) {
      return Optional.empty();
    }
    return Optional.of(
        first
            .mutate()
            .eventLoopGroupProvider(new StoreEventLoop(io, THREADS))
            .eventExecutorGroup(first.eventExecutorGroup())
            .timer(first.timer())
            .commandLatencyRecorder(CommandLatencyRecorder.disabled())
            .build());
  }

  /**
   * Resources handed to a client are not the client's to release: both go, client first, then a
   * provider of loops the resources were given (Lettuce leaves a given provider alone).
   */
  static void shutdown(AbstractRedisClient client, ClientResources resources) {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3000);
    if (resources.eventLoopGroupProvider() instanceof StoreEventLoop given) {
      given.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3000);
    }
  }
}
