package dev.handoff.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The registry the operator's /metrics serves; a scrape must never fail while the controller
 * updates it.
 */
class OperatorMetricsTest {

  /**
   * Found as a rare DuplicateLabelsException in RolloutControllerTest; thousands of racing updates
   * made it fail on every run before the fix.
   */
  @Test
  void scrapesConsistentlyWhileTheControllerUpdatesPodsWithoutSidecar() throws Exception {
    OperatorMetrics metrics = new OperatorMetrics();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> work = new ArrayList<>();
      // The watch handler and the periodic resync both update the gauge, while Prometheus scrapes.
      for (int thread = 0; thread < 2; thread++) {
        int offset = thread;
        work.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 2000; i++) {
                    metrics.podsWithoutSidecar("billing", "legacy", 1 + (i + offset) % 2);
                    metrics.podsWithoutSidecar("shop", "web", i % 3);
                  }
                }));
      }
      work.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 2000; i++) {
                  metrics.scrape();
                }
              }));
      for (Future<?> future : work) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    metrics.podsWithoutSidecar("billing", "legacy", 1);
    metrics.podsWithoutSidecar("shop", "web", 0);
    assertThat(metrics.scrape())
        .contains(
            "handoff_operator_pods_without_sidecar{deployment=\"legacy\",namespace=\"billing\"} 1.0")
        .contains(
            "handoff_operator_pods_without_sidecar{deployment=\"web\",namespace=\"shop\"} 0.0");
  }

  /**
   * Found on a real cluster: the dashboard's rollout panels said "No data" until a second rollout.
   */
  @Test
  void startsEverySeriesOfAWatchedDeploymentAtZero() {
    OperatorMetrics metrics = new OperatorMetrics();
    metrics.deploymentWatched("shop", "web");
    String scrape = metrics.scrape();
    assertThat(scrape)
        .contains("handoff_operator_rollouts_total{deployment=\"web\",namespace=\"shop\"} 0.0")
        .contains("handoff_operator_missing_sidecar_events_total{namespace=\"shop\"} 0.0")
        .contains(
            "handoff_operator_pods_without_sidecar{deployment=\"web\",namespace=\"shop\"} 0.0");
    for (String outcome : OperatorMetrics.ROLLOUT_OUTCOMES) {
      assertThat(scrape)
          .contains(
              "handoff_operator_rollout_sessions_total{deployment=\"web\",namespace=\"shop\","
                  + "outcome=\""
                  + outcome
                  + "\"} 0.0");
    }
    metrics.rolloutReported("shop", "web");
    metrics.rolloutSessions("shop", "web", "restored", 300);
    metrics.deploymentWatched("shop", "web");
    assertThat(metrics.scrape())
        .contains("handoff_operator_rollouts_total{deployment=\"web\",namespace=\"shop\"} 1.0")
        .contains(
            "handoff_operator_rollout_sessions_total{deployment=\"web\",namespace=\"shop\","
                + "outcome=\"restored\"} 300.0");
  }

  @Test
  void dropsTheSeriesOfAForgottenDeployment() {
    OperatorMetrics metrics = new OperatorMetrics();
    metrics.deploymentWatched("shop", "web");
    metrics.deploymentWatched("shop", "api");
    metrics.deploymentForgotten("shop", "web");
    assertThat(metrics.scrape())
        .doesNotContain("deployment=\"web\"")
        .contains("deployment=\"api\"");
  }
}
