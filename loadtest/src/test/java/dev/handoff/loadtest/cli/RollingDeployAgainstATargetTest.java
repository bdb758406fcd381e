package dev.handoff.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.handoff.loadtest.cluster.ClusterSettings;
import dev.handoff.loadtest.cluster.InJvmCluster;
import dev.handoff.loadtest.cluster.Pod;
import dev.handoff.testkit.VertxExtension;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --target}: only the clients, against a deployment someone else rolls. Here "someone else"
 * is the test, rolling pods of its own while the command watches.
 */
@Tag("integration")
class RollingDeployAgainstATargetTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @RegisterExtension static final VertxExtension vertx = new VertxExtension();

  @Test
  void countsTheHandOffsOfARolloutItDidNotStart(@TempDir Path dir) throws Exception {
    try (InJvmCluster cluster =
        new InJvmCluster(
            vertx.vertx(),
            new ClusterSettings(
                "demo",
                Duration.ofSeconds(10),
                Duration.ofMillis(300),
                Optional.empty(),
                dir.resolve("cluster"),
                60))) {
      List<Pod> old = new ArrayList<>();
      for (int i = 1; i <= 2; i++) {
        Pod pod = cluster.startPod("old-" + i, 1);
        cluster.balancer().add(pod);
        old.add(pod);
      }
      URI target = cluster.balancer().url("/live");
      CompletableFuture<RunOfTheCommand> watching =
          CompletableFuture.supplyAsync(
              () ->
                  RunOfTheCommand.run(
                      dir.resolve("report"),
                      "--target",
                      target.toString(),
                      "--clients",
                      "60",
                      "--watch-for",
                      "60s"));

      await("60 clients connected")
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  old.stream().mapToLong(RollingDeployAgainstATargetTest::optedInSockets).sum()
                      == 60);
      for (Pod pod : old) {
        Pod fresh = cluster.startPod("new-for-" + pod.name(), 2);
        cluster.balancer().add(fresh);
        pod.stop();
        cluster.balancer().remove(pod);
      }
      RunOfTheCommand run = watching.get();

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.json().getString("setup")).startsWith("clients only, against ws://127.0.0.1:");
      assertThat(run.deploys()).hasSize(1);
      JsonObject deploy = run.deploys().get(0);
      assertThat(deploy.getLong("fromVersion")).isEqualTo(1);
      assertThat(deploy.getLong("handedOff")).isGreaterThanOrEqualTo(60);
      assertThat(deploy.getLong("restored")).isEqualTo(deploy.getLong("handedOff"));
      assertThat(deploy.getLong("lostViews")).isZero();
      assertThat(run.json().getJsonObject("totals").getInteger("intactClients")).isEqualTo(60);
    }
  }

  /** The sidecar's own gauge of opted-in sockets, from its Prometheus metrics. */
  private static long optedInSockets(Pod pod) {
    try {
      String metrics =
          HTTP.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + pod.adminPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return metrics
          .lines()
          .filter(l -> l.startsWith("handoff_connections{") && l.contains("opted_in=\"true\""))
          .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
          .sum();
    } catch (Exception e) {
      return -1;
    }
  }
}
