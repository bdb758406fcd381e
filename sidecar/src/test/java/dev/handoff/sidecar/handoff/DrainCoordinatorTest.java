package dev.handoff.sidecar.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.sidecar.config.SidecarConfig;
import dev.handoff.sidecar.log.EventLog;
import dev.handoff.sidecar.metrics.HandoffMetrics;
import dev.handoff.testkit.VertxExtension;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DrainCoordinatorTest {
  @RegisterExtension static final VertxExtension vertxes = new VertxExtension();

  /** A socket whose hand-off ends when the test says. */
  static final class Socket implements Drainable {
    final Promise<SnapshotOutcome> outcome = Promise.promise();
    final AtomicInteger drains = new AtomicInteger();
    final AtomicInteger aborts = new AtomicInteger();

    @Override
    public Future<SnapshotOutcome> drain() {
      drains.incrementAndGet();
      return outcome.future();
    }

    @Override
    public void abort() {
      aborts.incrementAndGet();
    }
  }

  private static DrainCoordinator coordinator(Duration timeout) {
    return new DrainCoordinator(
        vertxes.vertx(),
        SidecarConfig.defaults("shop", 2).withDrainTimeout(timeout),
        new HandoffMetrics("shop", 2),
        new EventLog("shop", 2));
  }

  private static DrainReport await5(Future<DrainReport> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  /** An admitted upgrade that became a live socket. */
  private static Socket open(DrainCoordinator drains) {
    Socket s = new Socket();
    assertThat(drains.admit()).isTrue();
    drains.opened(s);
    return s;
  }

  @Test
  void aDrainWithNoSocketsFinishesAtOnce() throws Exception {
    DrainCoordinator drains = coordinator(Duration.ofSeconds(20));

    DrainReport report = await5(drains.drain());

    assertThat(report).isEqualTo(new DrainReport(report.durationMillis(), 0, 0, 0, 0, 0, 0, 0));
    assertThat(drains.phase()).isEqualTo(DrainCoordinator.Phase.DRAINED);
  }

  @Test
  void aDrainStopsServingAndRefusesNewUpgrades() {
    DrainCoordinator drains = coordinator(Duration.ofSeconds(20));
    open(drains);
    assertThat(drains.serving()).isTrue();

    drains.drain();

    assertThat(drains.serving()).isFalse();
    assertThat(drains.phase()).isEqualTo(DrainCoordinator.Phase.DRAINING);
    assertThat(drains.admit()).isFalse();
  }

  @Test
  void everySocketIsAskedAtOnceAndTheReportCountsEachOutcome() throws Exception {
    DrainCoordinator drains = coordinator(Duration.ofSeconds(20));
    Socket stored = open(drains);
    Socket timedOut = open(drains);
    Socket plain = open(drains);

    Future<DrainReport> finished = drains.drain();
    // Asked concurrently: none has answered, all were asked.
    assertThat(stored.drains.get() + timedOut.drains.get() + plain.drains.get()).isEqualTo(3);
    stored.outcome.complete(SnapshotOutcome.STORED);
    timedOut.outcome.complete(SnapshotOutcome.TIMEOUT);
    assertThat(finished.isComplete()).isFalse();
    plain.outcome.complete(null);

    DrainReport report = await5(finished);
    assertThat(report.optedIn()).isEqualTo(2);
    assertThat(report.stored()).isEqualTo(1);
    assertThat(report.timeout()).isEqualTo(1);
    assertThat(report.plainClosed()).isEqualTo(1);
    assertThat(report.aborted()).isZero();
  }

  @Test
  void aSocketThatClosedIsNotAsked() throws Exception {
    DrainCoordinator drains = coordinator(Duration.ofSeconds(20));
    Socket gone = open(drains);
    drains.closed(gone);

    await5(drains.drain());

    assertThat(gone.drains.get()).isZero();
  }

  @Test
  void anUpgradeUnderWayIsHandedOffWhenItOpens() throws Exception {
    DrainCoordinator drains = coordinator(Duration.ofSeconds(20));
    assertThat(drains.admit()).isTrue();

    Future<DrainReport> finished = drains.drain();
    assertThat(finished.isComplete()).isFalse();
    Socket late = new Socket();
    drains.opened(late);
    assertThat(late.drains.get()).isEqualTo(1);
    late.outcome.complete(SnapshotOutcome.STORED);

    assertThat(await5(finished).stored()).isEqualTo(1);
  }

  @Test
  void anUpgradeUnderWayThatFailsNoLongerHoldsTheDrain() throws Exception {
    DrainCoordinator drains = coordinator(Duration.ofSeconds(20));
    assertThat(drains.admit()).isTrue();

    Future<DrainReport> finished = drains.drain();
    assertThat(finished.isComplete()).isFalse();
    drains.abandoned();

    assertThat(await5(finished).optedIn()).isZero();
  }

  @Test
  void socketsStillOpenAtTheTimeoutAreAborted() throws Exception {
    DrainCoordinator drains = coordinator(Duration.ofMillis(200));
    Socket stuck = open(drains);

    DrainReport report = await5(drains.drain());

    assertThat(report.aborted()).isEqualTo(1);
    assertThat(stuck.aborts.get()).isEqualTo(1);
    assertThat(report.durationMillis()).isGreaterThanOrEqualTo(150);
  }

  @Test
  void aSocketThatOpensAfterTheDrainEndedIsAbortedAtOnce() throws Exception {
    DrainCoordinator drains = coordinator(Duration.ofMillis(200));
    assertThat(drains.admit()).isTrue();
    await5(drains.drain());

    Socket late = new Socket();
    drains.opened(late);

    assertThat(late.aborts.get()).isEqualTo(1);
    assertThat(late.drains.get()).isZero();
  }

  @Test
  void aSecondDrainJoinsTheFirst() throws Exception {
    DrainCoordinator drains = coordinator(Duration.ofSeconds(20));
    Socket socket = open(drains);

    Future<DrainReport> first = drains.drain();
    Future<DrainReport> second = drains.drain();
    socket.outcome.complete(SnapshotOutcome.STORED);

    assertThat(await5(second)).isSameAs(await5(first));
    assertThat(socket.drains.get()).isEqualTo(1);
    assertThat(drains.finished()).isSameAs(first);
  }
}
