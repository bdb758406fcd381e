package dev.handoff.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.handoff.operator.metrics.OperatorMetrics;
import dev.handoff.operator.testing.Deployments;
import dev.handoff.operator.testing.MockApiServer;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.RedisServerFixture;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The controller against the Kubernetes mock server (CRUD) with counters in a real redis-server.
 */
@Tag("integration")
class RolloutControllerTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  @RegisterExtension static final MockApiServer.Extension api = MockApiServer.extension();
  private static KubernetesClient client;

  @RegisterExtension
  static final RedisExtension<RedisServerFixture> redis = RedisExtension.standalone();

  private static RedisCounterSource counters;
  private static OperatorMetrics metrics;
  private static RolloutController controller;

  @BeforeAll
  static void start() {
    client = api.client();
    counters = new RedisCounterSource(redis.url());
    metrics = new OperatorMetrics();
    controller =
        new RolloutController(
            client,
            Optional.of(counters),
            new EventRecorder(client, "handoff-operator-test", Clock.systemUTC()),
            metrics,
            new ReportedRevisions(client, "handoff-system", "handoff-operator-rollouts"),
            Set.of("kube-system"),
            Duration.ZERO,
            Duration.ofSeconds(1));
    controller.start();
  }

  @AfterAll
  static void stop() {
    controller.close();
    counters.close();
  }

  /** Creates the Deployment, then its ReplicaSets pointing at the uid the API server gave it. */
  private static Deployment rolledOut(
      Deployment deployment, Map<Long, Map<String, String>> replicaSets) {
    String namespace = deployment.getMetadata().getNamespace();
    Deployment created =
        client.apps().deployments().inNamespace(namespace).resource(deployment).create();
    replicaSets.forEach(
        (revision, annotations) ->
            client
                .apps()
                .replicaSets()
                .inNamespace(namespace)
                .resource(Deployments.replicaSet(created, revision, annotations))
                .create());
    return created;
  }

  private static List<Event> events(String namespace, String involvedName, String reason) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(event -> involvedName.equals(event.getInvolvedObject().getName()))
        .filter(event -> reason.equals(event.getReason()))
        .toList();
  }

  private static List<String> messages(String namespace, String involvedName, String reason) {
    return events(namespace, involvedName, reason).stream().map(Event::getMessage).toList();
  }

  /**
   * The revision the controller recorded as reported, from its ConfigMap in the operator's
   * namespace.
   */
  private static String reportedRevision(String namespace, String name) {
    var map =
        client
            .configMaps()
            .inNamespace("handoff-system")
            .withName("handoff-operator-rollouts")
            .get();
    String value =
        map == null || map.getData() == null ? null : map.getData().get(namespace + "." + name);
    return value == null ? null : value.substring(0, value.indexOf('/'));
  }

  @Test
  void reportsRolloutAsEventOnTheDeploymentFromRedisCounters() {
    redis.get().commands().hset("handoff:shop:rollout:6", Map.of("stored", "1204"));
    redis
        .get()
        .commands()
        .hset("handoff:shop:rollout:7", Map.of("restored", "1198", "refresh", "6"));

    Deployment shop =
        rolledOut(
            Deployments.annotated("storefront", "shop", 7, 3, Map.of()),
            Map.of(6L, Map.of(), 7L, Map.of()));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(messages("storefront", "shop", "RolloutHandoff"))
                    .containsExactly(
                        "revision 7: 1,204 sessions handed off, 1,198 restored, 6 refreshed, 0 lost"));
    Event event = events("storefront", "shop", "RolloutHandoff").get(0);
    assertThat(event.getType()).isEqualTo("Normal");
    assertThat(event.getInvolvedObject().getKind()).isEqualTo("Deployment");
    assertThat(event.getInvolvedObject().getUid()).isEqualTo(shop.getMetadata().getUid());
    assertThat(event.getSource().getComponent()).isEqualTo("handoff-operator");
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(reportedRevision("storefront", "shop")).isEqualTo("7"));
    assertThat(metrics.scrape())
        .contains(
            "handoff_operator_rollout_sessions_total{deployment=\"shop\",namespace=\"storefront\","
                + "outcome=\"handed_off\"} 1204.0")
        .contains(
            "handoff_operator_rollout_sessions_total{deployment=\"shop\",namespace=\"storefront\","
                + "outcome=\"restored\"} 1198.0")
        .contains(
            "handoff_operator_rollout_sessions_total{deployment=\"shop\",namespace=\"storefront\","
                + "outcome=\"lost\"} 0.0")
        .contains(
            "handoff_operator_rollouts_total{deployment=\"shop\",namespace=\"storefront\"} 1.0");
  }

  @Test
  void reportsEveryRevisionExactlyOnce() {
    redis.get().commands().hset("handoff:cart:rollout:2", Map.of("stored", "10"));
    redis
        .get()
        .commands()
        .hset("handoff:cart:rollout:3", Map.of("restored", "9", "expired", "1", "stored", "5"));
    redis.get().commands().hset("handoff:cart:rollout:4", Map.of("restored", "5"));
    Deployment cart =
        rolledOut(
            Deployments.annotated("checkout", "cart", 3, 2, Map.of()),
            Map.of(2L, Map.of(), 3L, Map.of()));
    await().atMost(PATIENCE).until(() -> "3".equals(reportedRevision("checkout", "cart")));

    Deployment next = Deployments.annotated("checkout", "cart", 4, 2, Map.of());
    client
        .apps()
        .replicaSets()
        .inNamespace("checkout")
        .resource(Deployments.replicaSet(cart, 4, Map.of()))
        .create();
    client
        .apps()
        .deployments()
        .inNamespace("checkout")
        .withName("cart")
        .edit(
            current -> {
              current.getMetadata().getAnnotations().put("deployment.kubernetes.io/revision", "4");
              current.getMetadata().setGeneration(4L);
              current.setStatus(next.getStatus());
              return current;
            });

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(messages("checkout", "cart", "RolloutHandoff"))
                    .containsExactlyInAnyOrder(
                        "revision 3: 10 sessions handed off, 9 restored, 0 refreshed, 0 lost; 1 expired",
                        "revision 4: 5 sessions handed off, 5 restored, 0 refreshed, 0 lost"));
  }

  @Test
  void waitsForTheRolloutToComplete() {
    redis.get().commands().hset("handoff:feed:rollout:4", Map.of("stored", "3"));
    redis.get().commands().hset("handoff:feed:rollout:5", Map.of("restored", "3"));
    Deployment complete = Deployments.annotated("news", "feed", 5, 2, Map.of());
    rolledOut(Deployments.rollingOut(complete), Map.of(4L, Map.of(), 5L, Map.of()));
    redis.get().commands().hset("handoff:marker:rollout:1", Map.of("stored", "1"));
    redis.get().commands().hset("handoff:marker:rollout:2", Map.of("restored", "1"));
    rolledOut(
        Deployments.annotated("news", "marker", 2, 1, Map.of()),
        Map.of(1L, Map.of(), 2L, Map.of()));

    // One worker handles Deployments in order: once the later one is reported, the earlier one was
    // looked at.
    await().atMost(PATIENCE).until(() -> !messages("news", "marker", "RolloutHandoff").isEmpty());
    assertThat(messages("news", "feed", "RolloutHandoff")).isEmpty();

    client
        .apps()
        .deployments()
        .inNamespace("news")
        .withName("feed")
        .edit(
            current -> {
              current.setStatus(complete.getStatus());
              return current;
            });

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(messages("news", "feed", "RolloutHandoff"))
                    .containsExactly(
                        "revision 5: 3 sessions handed off, 3 restored, 0 refreshed, 0 lost"));
  }

  @Test
  void readsCountersUnderTheVersionsAndAppTheTemplatesDeclare() {
    Map<String, String> v41 = Map.of("handoff.dev/version", "41", "handoff.dev/app", "portal-ui");
    Map<String, String> v42 = Map.of("handoff.dev/version", "42", "handoff.dev/app", "portal-ui");
    redis
        .get()
        .commands()
        .hset(
            "handoff:portal-ui:rollout:41",
            Map.of("stored", "20", "too_large", "2", "timeout", "1"));
    redis
        .get()
        .commands()
        .hset("handoff:portal-ui:rollout:42", Map.of("restored", "15", "refresh", "3"));

    rolledOut(Deployments.annotated("intranet", "portal", 12, 2, v42), Map.of(11L, v41, 12L, v42));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(messages("intranet", "portal", "RolloutHandoff"))
                    .containsExactly(
                        "revision 12 (version 41 to 42): 20 sessions handed off, 15 restored, 3 refreshed,"
                            + " 2 lost; 3 not handed off (2 too large, 1 timed out, 0 store errors)"));
  }

  @Test
  void reportsAnnotatedPodsRunningWithoutTheSidecar() {
    Deployment legacy = Deployments.annotated("billing", "legacy", 1, 3, Map.of());
    client
        .pods()
        .inNamespace("billing")
        .resource(Deployments.pod(legacy, "legacy-a", true))
        .create();
    client
        .pods()
        .inNamespace("billing")
        .resource(Deployments.pod(legacy, "legacy-b", false))
        .create();
    var unannotated = Deployments.pod(legacy, "legacy-c", false);
    unannotated.getMetadata().getAnnotations().remove("handoff.dev/inject");
    client.pods().inNamespace("billing").resource(unannotated).create();

    rolledOut(legacy, Map.of(1L, Map.of()));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(events("billing", "legacy-b", "SidecarMissing"))
                  .singleElement()
                  .satisfies(
                      event -> {
                        assertThat(event.getType()).isEqualTo("Warning");
                        assertThat(event.getInvolvedObject().getKind()).isEqualTo("Pod");
                        assertThat(event.getMessage())
                            .contains("runs without the handoff-sidecar container");
                      });
              assertThat(messages("billing", "legacy", "SidecarMissing"))
                  .containsExactly("1 pod runs without the handoff sidecar: legacy-b");
              assertThat(metrics.scrape())
                  .contains(
                      "handoff_operator_pods_without_sidecar{deployment=\"legacy\",namespace=\"billing\"} 1.0");
            });
    assertThat(events("billing", "legacy-a", "SidecarMissing")).isEmpty();
    assertThat(events("billing", "legacy-c", "SidecarMissing")).isEmpty();

    client
        .pods()
        .inNamespace("billing")
        .resource(Deployments.pod(legacy, "legacy-d", false))
        .create();

    // The periodic resync finds the new pod; the one already reported gets no second Event.
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(events("billing", "legacy-d", "SidecarMissing")).hasSize(1);
              assertThat(metrics.scrape())
                  .contains(
                      "handoff_operator_pods_without_sidecar{deployment=\"legacy\",namespace=\"billing\"} 2.0");
            });
    assertThat(events("billing", "legacy-b", "SidecarMissing")).hasSize(1);

    client.pods().inNamespace("billing").withName("legacy-b").delete();
    client.pods().inNamespace("billing").withName("legacy-d").delete();
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(metrics.scrape())
                    .contains(
                        "handoff_operator_pods_without_sidecar{deployment=\"legacy\",namespace=\"billing\"} 0.0"));
  }

  @Test
  void ignoresDeploymentsWithoutTheAnnotationAndExcludedNamespaces() {
    Deployment plain = Deployments.annotated("ops", "plain", 3, 1, Map.of());
    plain.getSpec().getTemplate().getMetadata().getAnnotations().remove("handoff.dev/inject");
    client.pods().inNamespace("ops").resource(Deployments.pod(plain, "plain-a", false)).create();
    rolledOut(plain, Map.of(2L, Map.of(), 3L, Map.of()));
    Deployment system = Deployments.annotated("kube-system", "coredns", 3, 1, Map.of());
    client
        .pods()
        .inNamespace("kube-system")
        .resource(Deployments.pod(system, "coredns-a", false))
        .create();
    rolledOut(system, Map.of(2L, Map.of(), 3L, Map.of()));
    redis.get().commands().hset("handoff:marker2:rollout:1", Map.of("stored", "1"));
    rolledOut(
        Deployments.annotated("ops", "marker2", 2, 1, Map.of()),
        Map.of(1L, Map.of(), 2L, Map.of()));

    await().atMost(PATIENCE).until(() -> !messages("ops", "marker2", "RolloutHandoff").isEmpty());

    assertThat(client.v1().events().inNamespace("kube-system").list().getItems()).isEmpty();
    assertThat(messages("ops", "plain", "RolloutHandoff")).isEmpty();
    assertThat(events("ops", "plain-a", "SidecarMissing")).isEmpty();
  }
}
