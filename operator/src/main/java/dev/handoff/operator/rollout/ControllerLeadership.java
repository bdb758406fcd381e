package dev.handoff.operator.rollout;

import dev.handoff.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the controller on exactly one replica, elected through a Lease; the webhook runs on every
 * replica. A replica that loses the lease stops its controller and stands for election again.
 */
public final class ControllerLeadership implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ControllerLeadership.class);

  /** Lease timing; the defaults are the ones client-go's controllers use. */
  public record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    public static final Timing DEFAULT =
        new Timing(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
  }

  private final KubernetesClient client;
  private final String namespace;
  private final String leaseName;
  private final String identity;
  private final Timing timing;
  private final Supplier<AutoCloseable> startWork;
  private final OperatorMetrics metrics;
  private CompletableFuture<?> election;
  private AutoCloseable work;
  private boolean closed;

  /** {@code startWork} starts the controller and returns the handle that stops it. */
  public ControllerLeadership(
      KubernetesClient client,
      String namespace,
      String leaseName,
      String identity,
      Timing timing,
      Supplier<AutoCloseable> startWork,
      OperatorMetrics metrics) {
    this.client = client;
    this.namespace = namespace;
    this.leaseName = leaseName;
    this.identity = identity;
    this.timing = timing;
    this.startWork = startWork;
    this.metrics = metrics;
  }

  public synchronized void start() {
    if (closed) {
      return;
    }
    election =
        client
            .leaderElector()
            .withConfig(
                new LeaderElectionConfigBuilder()
                    .withName(leaseName)
                    .withLock(new LeaseLock(namespace, leaseName, identity))
                    .withLeaseDuration(timing.leaseDuration())
                    .withRenewDeadline(timing.renewDeadline())
                    .withRetryPeriod(timing.retryPeriod())
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(
                        new LeaderCallbacks(
                            this::lead,
                            this::stepDown,
                            leader -> LOG.info("controller leader is now {}", leader)))
                    .build())
            .build()
            .start();
    // The election ends when leadership is lost (or on error); stand again after a retry period.
    election.whenComplete(
        (ignored, error) ->
            CompletableFuture.runAsync(
                this::start,
                CompletableFuture.delayedExecutor(
                    timing.retryPeriod().toMillis(), TimeUnit.MILLISECONDS)));
  }

  private synchronized void lead() {
    if (closed || work != null) {
      return;
    }
    LOG.info("{} leads; starting the rollout controller", identity);
    work = startWork.get();
    metrics.leader(true);
  }

  private synchronized void stepDown() {
    metrics.leader(false);
    if (work == null) {
      return;
    }
    LOG.info("{} no longer leads; stopping the rollout controller", identity);
    try {
      work.close();
    } catch (Exception e) {
      LOG.warn("stopping the rollout controller failed: {}", e.toString());
    }
    work = null;
  }

  public synchronized boolean leading() {
    return work != null;
  }

  @Override
  public void close() {
    CompletableFuture<?> current;
    synchronized (this) {
      closed = true;
      current = election;
    }
    if (current != null) {
      current.cancel(true);
    }
    stepDown();
  }
}
