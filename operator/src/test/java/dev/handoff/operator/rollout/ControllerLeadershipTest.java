package dev.handoff.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.handoff.operator.metrics.OperatorMetrics;
import dev.handoff.operator.testing.MockApiServer;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ControllerLeadershipTest {

  private static final ControllerLeadership.Timing FAST =
      new ControllerLeadership.Timing(
          Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(250));

  private static final class Work {
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger started = new AtomicInteger();

    AutoCloseable start() {
      running.incrementAndGet();
      started.incrementAndGet();
      return running::decrementAndGet;
    }
  }

  @Test
  void exactlyOneReplicaRunsTheControllerAndAnotherTakesOverWhenItLeaves() {
    try (MockApiServer api = new MockApiServer();
        KubernetesClient clientA = api.newClient();
        KubernetesClient clientB = api.newClient()) {
      Work workA = new Work();
      Work workB = new Work();
      OperatorMetrics metricsA = new OperatorMetrics();
      ControllerLeadership a =
          new ControllerLeadership(
              clientA,
              "handoff-system",
              "handoff-operator-leader",
              "replica-a",
              FAST,
              workA::start,
              metricsA);
      ControllerLeadership b =
          new ControllerLeadership(
              clientB,
              "handoff-system",
              "handoff-operator-leader",
              "replica-b",
              FAST,
              workB::start,
              new OperatorMetrics());
      a.start();
      await().atMost(Duration.ofSeconds(20)).until(a::leading);
      b.start();

      Lease lease =
          api.client()
              .leases()
              .inNamespace("handoff-system")
              .withName("handoff-operator-leader")
              .get();
      assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("replica-a");
      assertThat(b.leading()).isFalse();
      assertThat(workA.running).hasValue(1);
      assertThat(metricsA.scrape()).contains("handoff_operator_leader 1.0");

      a.close();

      await().atMost(Duration.ofSeconds(20)).until(b::leading);
      assertThat(workA.running).hasValue(0);
      assertThat(workB.running).hasValue(1);
      assertThat(metricsA.scrape()).contains("handoff_operator_leader 0.0");
      assertThat(
              api.client()
                  .leases()
                  .inNamespace("handoff-system")
                  .withName("handoff-operator-leader")
                  .get()
                  .getSpec()
                  .getHolderIdentity())
          .isEqualTo("replica-b");
      b.close();
      assertThat(workB.running).hasValue(0);
    }
  }
}
