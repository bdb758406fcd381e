package dev.handoff.operator.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.operator.metrics.OperatorMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthServerTest {

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void isLiveAtOnceAndReadyWhenEveryCheckHolds() throws Exception {
    Readiness readiness = new Readiness();
    AtomicBoolean certificate = new AtomicBoolean(false);
    readiness.require("webhook-certificate", certificate::get);
    try (HealthServer server = HealthServer.start(0, readiness, new OperatorMetrics())) {
      assertThat(get(server.port(), "/healthz").statusCode()).isEqualTo(200);
      HttpResponse<String> notReady = get(server.port(), "/readyz");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).contains("webhook-certificate");

      certificate.set(true);

      assertThat(get(server.port(), "/readyz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void servesPrometheusMetrics() throws Exception {
    OperatorMetrics metrics = new OperatorMetrics();
    metrics.admission("injected");
    metrics.podsWithoutSidecar("shop", "web", 2);
    try (HealthServer server = HealthServer.start(0, new Readiness(), metrics)) {
      HttpResponse<String> scrape = get(server.port(), "/metrics");

      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
      assertThat(scrape.body())
          .contains("handoff_operator_admissions_total{result=\"injected\"} 1.0")
          .contains(
              "handoff_operator_pods_without_sidecar{deployment=\"web\",namespace=\"shop\"} 2.0")
          .contains("handoff_operator_leader 0.0")
          .contains("jvm_memory_used_bytes");
    }
  }
}
