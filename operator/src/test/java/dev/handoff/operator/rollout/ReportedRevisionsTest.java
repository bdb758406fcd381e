package dev.handoff.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.handoff.operator.metrics.OperatorMetrics;
import dev.handoff.operator.testing.Deployments;
import dev.handoff.operator.testing.MockApiServer;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.RedisServerFixture;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The controller remembers what it reported in a ConfigMap of its own namespace, never on the
 * Deployment: a restarted operator (or a new leader) reads it back and reports nothing twice. Each
 * test runs its own mock API server, so controllers can be stopped and started without other tests'
 * Deployments in the way.
 */
@Tag("integration")
class ReportedRevisionsTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String NAMESPACE = "handoff-system";
  private static final String CONFIG_MAP = "handoff-operator-rollouts";

  @RegisterExtension final MockApiServer.Extension api = MockApiServer.extension();
  private KubernetesClient client;
  @RegisterExtension final RedisExtension<RedisServerFixture> redis = RedisExtension.standalone();
  private RedisCounterSource counters;

  @BeforeEach
  void start() {
    client = api.client();
    counters = new RedisCounterSource(redis.url());
  }

  @AfterEach
  void stop() {
    counters.close();
  }

  private RolloutController controller() {
    RolloutController controller =
        new RolloutController(
            client,
            Optional.of(counters),
            new EventRecorder(client, "handoff-operator-test", Clock.systemUTC()),
            new OperatorMetrics(),
            new ReportedRevisions(client, NAMESPACE, CONFIG_MAP),
            Set.of("kube-system"),
            Duration.ZERO,
            Duration.ofSeconds(1));
    controller.start();
    return controller;
  }

  private Deployment rolledOut(String namespace, String name, long revision) {
    redis
        .get()
        .commands()
        .hset("handoff:" + name + ":rollout:" + (revision - 1), Map.of("stored", "4"));
    redis
        .get()
        .commands()
        .hset("handoff:" + name + ":rollout:" + revision, Map.of("restored", "4"));
    Deployment created =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .resource(Deployments.annotated(namespace, name, revision, 1, Map.of()))
            .create();
    for (long r = revision - 1; r <= revision; r++) {
      client
          .apps()
          .replicaSets()
          .inNamespace(namespace)
          .resource(Deployments.replicaSet(created, r, Map.of()))
          .create();
    }
    return created;
  }

  private long reports(String namespace, String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(event -> name.equals(event.getInvolvedObject().getName()))
        .filter(event -> RolloutController.REASON.equals(event.getReason()))
        .count();
  }

  private Map<String, String> bookkeeping() {
    ConfigMap map = client.configMaps().inNamespace(NAMESPACE).withName(CONFIG_MAP).get();
    return map == null || map.getData() == null ? Map.of() : map.getData();
  }

  @Test
  void recordsTheReportedRevisionInItsOwnNamespaceAndLeavesTheDeploymentAlone() {
    try (RolloutController controller = controller()) {
      Deployment shop = rolledOut("storefront", "shop", 7);

      await().atMost(PATIENCE).until(() -> reports("storefront", "shop") == 1);
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(bookkeeping())
                      .containsEntry("storefront.shop", "7/" + shop.getMetadata().getUid()));
      assertThat(
              client
                  .apps()
                  .deployments()
                  .inNamespace("storefront")
                  .withName("shop")
                  .get()
                  .getMetadata()
                  .getAnnotations())
          .doesNotContainKey(ReportedRevisions.LEGACY_ANNOTATION);
    }
  }

  @Test
  void aRestartedOperatorReadsTheBookkeepingBackAndReportsNothingTwice() {
    try (RolloutController first = controller()) {
      rolledOut("storefront", "shop", 7);
      await().atMost(PATIENCE).until(() -> bookkeeping().containsKey("storefront.shop"));
    }

    try (RolloutController restarted = controller()) {
      // The restarted controller lists "shop" before it sees "marker": once marker is reported,
      // shop was
      // looked at.
      rolledOut("storefront", "marker", 2);
      await().atMost(PATIENCE).until(() -> reports("storefront", "marker") == 1);
    }

    assertThat(reports("storefront", "shop")).isEqualTo(1);
  }

  @Test
  void trustsTheAnnotationEarlierVersionsWroteSoAnUpgradeRepeatsNoReport() {
    rolledOut("storefront", "legacy", 5);
    client
        .apps()
        .deployments()
        .inNamespace("storefront")
        .withName("legacy")
        .edit(
            current -> {
              current.getMetadata().getAnnotations().put(ReportedRevisions.LEGACY_ANNOTATION, "5");
              return current;
            });

    try (RolloutController controller = controller()) {
      rolledOut("storefront", "marker", 2);
      await().atMost(PATIENCE).until(() -> reports("storefront", "marker") == 1);
    }

    assertThat(reports("storefront", "legacy")).isZero();
  }

  @Test
  void forgetsTheEntryOfADeletedDeployment() {
    try (RolloutController controller = controller()) {
      rolledOut("storefront", "shop", 3);
      await().atMost(PATIENCE).until(() -> bookkeeping().containsKey("storefront.shop"));

      client.apps().deployments().inNamespace("storefront").withName("shop").delete();
      await().atMost(PATIENCE).until(() -> !bookkeeping().containsKey("storefront.shop"));
    }
  }
}
