package dev.handoff.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.operator.metrics.OperatorMetrics;
import dev.handoff.testkit.EchoApp;
import dev.handoff.testkit.EchoAppExtension;
import dev.handoff.testkit.EmbeddedSidecar;
import dev.handoff.testkit.ProtocolClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard queries only metrics that exist, and shows every metric the sidecar exports unless
 * it is listed below as deliberately absent. Sidecar metrics come from real sidecars that just did
 * a hand-off through Redis (so every series has samples); operator metrics from the operator's own
 * registry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("integration")
class DashboardMetricsTest {

  /** Sidecar series the dashboard leaves out on purpose, and why. */
  static final Map<String, String> DELIBERATELY_ABSENT =
      Map.of(
          "handoff_drain_duration_seconds_max",
              "a decaying per-pod maximum; the panel shows p50/p95/p99 and the mean",
          "handoff_handoff_latency_seconds_max",
              "a decaying per-pod maximum; the panel shows p50/p95/p99",
          "handoff_store_latency_seconds_max",
              "a decaying per-pod maximum; the panel shows p50/p95/p99",
          "handoff_snapshot_size_bytes_max", "a decaying per-pod maximum; the panel shows p50/p95",
          "handoff_snapshot_size_bytes_count",
              "the snapshot count is handoff_snapshots_total{outcome=\"stored\"}",
          "handoff_snapshot_size_bytes_sum",
              "total bytes stored says little; the size panel shows quantiles",
          "handoff_handoff_latency_seconds_count",
              "one per stored snapshot: handoff_snapshots_total shows it",
          "handoff_handoff_latency_seconds_sum", "means hide the tail; the panel shows quantiles",
          "handoff_store_latency_seconds_count",
              "store calls are the snapshots and restores already shown",
          "handoff_store_latency_seconds_sum", "means hide the tail; the panel shows quantiles");

  private static final Pattern METRIC = Pattern.compile("\\bhandoff_[a-z0-9_]+");

  /** Labels Prometheus adds to every scraped series (target labels), besides the exporter's own. */
  private static final Set<String> TARGET_LABELS = Set.of("namespace", "pod", "le");

  private static final Pattern GROUPING = Pattern.compile("\\bby \\(([^)]*)\\)");
  private static final Pattern LABEL = Pattern.compile("([a-z_]+)=");

  private final Set<String> sidecarSeries = new TreeSet<>();
  private final Set<String> operatorSeries = new TreeSet<>();
  private final Map<String, Set<String>> labelsBySeries = new java.util.HashMap<>();
  private final List<String> queries = new ArrayList<>();
  private final Set<String> dashboardMetrics = new TreeSet<>();
  private Map<String, Object> dashboard;

  /** A sidecar's metrics are scraped after a real hand-off through Redis. */
  @RegisterExtension static final EchoAppExtension echo = EchoAppExtension.withRedis();

  @BeforeAll
  void scrapeASidecarThatHandedOffAndTheOperatorRegistry() throws Exception {
    EchoApp app = echo.app();
    Vertx vertx = echo.vertx();
    String redis = echo.redis().url();
    EmbeddedSidecar before = EmbeddedSidecar.start(vertx, "demo", 1, app.url(), redis, c -> c);
    EmbeddedSidecar after = EmbeddedSidecar.start(vertx, "demo", 2, app.url(), redis, c -> c);
    ProtocolClient client =
        ProtocolClient.optIn(vertx, before.port(), "/live", null)
            .await()
            .holding("{\"draft\":\"half-typed\"}", 1L);
    client.nextControl("hello");

    before.sidecar().drain().await();
    String token = client.nextControl("handoff").getString("token");
    ProtocolClient back = ProtocolClient.optIn(vertx, after.port(), "/live", token).await();
    JsonObject hello = back.nextControl("hello");
    assertThat(hello.getJsonObject("restored")).as("the hand-off restored the state").isNotNull();

    for (EmbeddedSidecar sidecar : List.of(before, after)) {
      String exposition = scrape(sidecar.adminUrl() + "/metrics");
      sidecarSeries.addAll(seriesNames(exposition));
      collectLabels(exposition);
    }
    back.close().await();
    after.close();
    before.close();

    // Every operator meter is created on first use: use each once, as the webhook and controller
    // would.
    OperatorMetrics operator = new OperatorMetrics();
    operator.admission("injected");
    operator.injectionSkipped("owner_lookup_failed");
    operator.rolloutReported("shop", "web");
    operator.rolloutSessions("shop", "web", "restored", 3);
    operator.missingSidecarReported("shop");
    operator.podsWithoutSidecar("shop", "web", 1);
    operator.leader(true);
    operatorSeries.addAll(seriesNames(operator.scrape()));
    collectLabels(operator.scrape());

    dashboard = readDashboard();
    collectQueries(dashboard);
    for (String query : queries) {
      Matcher matcher = METRIC.matcher(query);
      while (matcher.find()) {
        dashboardMetrics.add(matcher.group());
      }
    }
  }

  @Test
  void queriesOnlyMetricsTheSidecarExports() {
    assertThat(dashboardMetrics)
        .filteredOn(name -> !name.startsWith("handoff_operator_"))
        .isNotEmpty()
        .allSatisfy(name -> assertThat(sidecarSeries).as("sidecar /metrics").contains(name));
  }

  @Test
  void queriesOnlyMetricsTheOperatorExports() {
    assertThat(dashboardMetrics)
        .filteredOn(name -> name.startsWith("handoff_operator_"))
        .contains("handoff_operator_admissions_total", "handoff_operator_pods_without_sidecar")
        .allSatisfy(name -> assertThat(operatorSeries).as("operator registry").contains(name));
  }

  @Test
  void showsEverySidecarMetricOrSaysWhyNot() {
    Set<String> shown = new TreeSet<>(dashboardMetrics);
    assertThat(sidecarSeries)
        .filteredOn(name -> !shown.contains(name))
        .containsExactlyInAnyOrderElementsOf(DELIBERATELY_ABSENT.keySet());
  }

  @Test
  void exportsTheMetricsTheOperationsGuideDocuments() {
    // docs/OPERATIONS.md is what users read; the dashboard is built on the same names.
    assertThat(sidecarSeries)
        .contains(
            "handoff_connections",
            "handoff_drains_total",
            "handoff_drain_duration_seconds_bucket",
            "handoff_handoff_latency_seconds_bucket",
            "handoff_snapshots_total",
            "handoff_restores_total",
            "handoff_snapshot_size_bytes_bucket",
            "handoff_store_latency_seconds_bucket",
            "handoff_control_frames_rejected_total",
            "handoff_upstream_errors_total");
  }

  @Test
  void filtersSidecarPanelsByNamespaceAppAndPod() {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> variables =
        (List<Map<String, Object>>) ((Map<String, Object>) dashboard.get("templating")).get("list");
    assertThat(variables)
        .extracting(v -> v.get("name"))
        .contains("datasource", "namespace", "app", "pod");
    assertThat(queries)
        .filteredOn(q -> METRIC.matcher(q).find() && !q.contains("handoff_operator_"))
        .allSatisfy(
            q ->
                assertThat(q)
                    .contains("namespace=~\"$namespace\"", "app=~\"$app\"", "pod=~\"$pod\""));
  }

  @Test
  void hasAPanelForEverythingTheIssueAsksFor() {
    assertThat(dashboardMetrics)
        .contains(
            "handoff_connections",
            "handoff_drains_total",
            "handoff_drain_duration_seconds_bucket",
            "handoff_snapshots_total",
            "handoff_restores_total",
            "handoff_handoff_latency_seconds_bucket",
            "handoff_snapshot_size_bytes_bucket",
            "handoff_store_latency_seconds_bucket",
            "handoff_upstream_errors_total",
            "handoff_operator_admissions_total");
    assertThat(queries)
        .anyMatch(
            q ->
                q.startsWith("histogram_quantile(0.99")
                    && q.contains("handoff_handoff_latency_seconds_bucket"));
  }

  @Test
  void groupsOnlyByLabelsTheSeriesCarry() {
    for (String query : queries) {
      Set<String> available = new TreeSet<>(TARGET_LABELS);
      Matcher metrics = METRIC.matcher(query);
      while (metrics.find()) {
        available.addAll(labelsBySeries.getOrDefault(metrics.group(), Set.of()));
      }
      Matcher grouping = GROUPING.matcher(query);
      while (grouping.find()) {
        for (String label : grouping.group(1).split(",")) {
          assertThat(available).as(query).contains(label.trim());
        }
      }
    }
  }

  private void collectLabels(String exposition) {
    exposition
        .lines()
        .filter(line -> !line.startsWith("#") && line.contains("{"))
        .forEach(
            line -> {
              String name = line.substring(0, line.indexOf('{'));
              Matcher label = LABEL.matcher(line.substring(line.indexOf('{'), line.indexOf('}')));
              while (label.find()) {
                labelsBySeries.computeIfAbsent(name, n -> new TreeSet<>()).add(label.group(1));
              }
            });
  }

  private void collectQueries(Object node) {
    if (node instanceof Map<?, ?> map) {
      Object expr = map.get("expr");
      if (expr instanceof String text) {
        queries.add(text);
      }
      map.values().forEach(this::collectQueries);
    } else if (node instanceof List<?> list) {
      list.forEach(this::collectQueries);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> readDashboard() throws IOException {
    return new KubernetesSerialization()
        .unmarshal(
            Files.readString(ChartRender.CHART.resolve("dashboards/handoff.json")), Map.class);
  }

  /** Sample names in Prometheus text format: {@code name{labels} value} or {@code name value}. */
  static Set<String> seriesNames(String exposition) {
    Set<String> names = new TreeSet<>();
    exposition
        .lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split("[{ ]", 2)[0])
        .forEach(names::add);
    return names;
  }

  private static String scrape(String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
