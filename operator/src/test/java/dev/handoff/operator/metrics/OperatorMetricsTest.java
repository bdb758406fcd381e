package dev.handoff.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The registry the operator's /metrics serves; a scrape must never fail while the controller updates it. */
class OperatorMetricsTest {

    /**
     * Found as a rare DuplicateLabelsException in RolloutControllerTest; thousands of racing updates made it fail on
     * every run before the fix.
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
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        metrics.podsWithoutSidecar("billing", "legacy", 1 + (i + offset) % 2);
                        metrics.podsWithoutSidecar("shop", "web", i % 3);
                    }
                }));
            }
            work.add(pool.submit(() -> {
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
                .contains("handoff_operator_pods_without_sidecar{deployment=\"legacy\",namespace=\"billing\"} 1.0")
                .doesNotContain("deployment=\"web\"");
    }
}
