package dev.handoff.operator.webhook;

import static dev.handoff.operator.testing.Pods.container;
import static dev.handoff.operator.testing.Pods.env;
import static dev.handoff.operator.testing.Pods.envVar;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.operator.config.OperatorSettings;
import dev.handoff.operator.injection.InjectionSettings;
import dev.handoff.operator.injection.SidecarInjection;
import dev.handoff.operator.metrics.OperatorMetrics;
import dev.handoff.operator.testing.AdmissionReviews;
import dev.handoff.operator.testing.MockApiServer;
import dev.handoff.operator.testing.PatchApplier;
import dev.handoff.operator.testing.Pods;
import dev.handoff.operator.testing.TrustingClient;
import dev.handoff.operator.tls.CertificateIssuer;
import dev.handoff.operator.tls.WebhookIdentity;
import dev.handoff.operator.tls.WebhookTls;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real AdmissionReview JSON over real HTTPS to the running webhook, ReplicaSets served by the mock
 * API server.
 */
class WebhookServerTest {

  /**
   * A fully configured install: every optional sidecar setting on, so the round trips carry all of
   * them.
   */
  private static final Map<String, String> SIDECAR_OPTIONS =
      Map.of(
          "HANDOFF_REDIS_SECRET_NAME", "handoff-redis-url",
          "HANDOFF_SNAPSHOT_KEYS_SECRET_NAME", "handoff-snapshot-keys",
          "HANDOFF_REDIS_WAIT_REPLICAS", "1",
          "HANDOFF_REDIS_WAIT_TIMEOUT", "2s",
          "HANDOFF_REDIS_CA_SECRET_NAME", "corp-redis-ca",
          "HANDOFF_SIDECAR_STEERING", "off");

  @RegisterExtension static final MockApiServer.Extension api = MockApiServer.extension();
  private static KubernetesClient client;

  @TempDir static Path certificates;

  private static WebhookTls tls;
  private static WebhookServer server;
  private static TrustingClient https;
  private static OperatorMetrics metrics;
  private static String url;

  @BeforeAll
  static void startWebhook() throws Exception {
    client = api.client();
    WebhookIdentity identity =
        new CertificateIssuer().issueWithNewCa(List.of("localhost"), Instant.now());
    Files.writeString(certificates.resolve("tls.crt"), identity.certificatePem());
    Files.writeString(certificates.resolve("tls.key"), identity.keyPem());
    tls = WebhookTls.fromFiles(certificates);
    metrics = new OperatorMetrics();
    AdmissionReviewHandler handler =
        new AdmissionReviewHandler(
            new SidecarInjection(
                InjectionSettings.from(
                    OperatorSettings.fromEnvironment(SIDECAR_OPTIONS).sidecar(), false)),
            new ReplicaSetOwnerLookup(client),
            Set.of("kube-system", "handoff-system"),
            new KubernetesSerialization(),
            metrics);
    server = WebhookServer.start(0, tls.sslContext(), handler);
    https = new TrustingClient(identity.ca());
    url = "https://localhost:" + server.port() + "/mutate";

    client
        .apps()
        .replicaSets()
        .inNamespace("storefront")
        .resource(
            new ReplicaSetBuilder()
                .withNewMetadata()
                .withName("shop-7d9f8c5b6")
                .withNamespace("storefront")
                .addToAnnotations("deployment.kubernetes.io/revision", "7")
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName("shop")
                .withUid("d1")
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels("app.kubernetes.io/name", "shop")
                .endSelector()
                .endSpec()
                .build())
        .create();
  }

  @AfterAll
  static void stopWebhook() {
    server.close();
    tls.close();
  }

  private static AdmissionResponse review(String body) throws Exception {
    HttpResponse<String> reply = https.post(url, body);
    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(reply.headers().firstValue("Content-Type")).contains("application/json");
    return AdmissionReviews.response(reply.body());
  }

  @Test
  void injectsSidecarIntoPodPostedByTheApiServer() throws Exception {
    String review = Pods.resource("/admission/create-pod.json");

    AdmissionResponse response = review(review);

    assertThat(response.getUid()).isEqualTo("705ab4f5-6393-11e8-b7cc-42010a800002");
    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getPatchType()).isEqualTo("JSONPatch");
    Pod result =
        PatchApplier.apply(AdmissionReviews.requestPod(review), AdmissionReviews.patch(response));
    assertThat(env(container(result, "handoff-sidecar"), "HANDOFF_VERSION")).isEqualTo("7");
    assertThat(env(container(result, "handoff-sidecar"), "HANDOFF_APP")).isEqualTo("shop");
    assertThat(env(container(result, "handoff-sidecar"), "HANDOFF_UPSTREAM"))
        .isEqualTo("http://127.0.0.1:4000");
    assertThat(container(result, "web").getPorts().get(0).getName()).isEqualTo("app-http");
    assertThat(result.getMetadata().getAnnotations())
        .containsEntry("handoff.dev/status", "injected");
  }

  @Test
  void carriesEveryOptionalSidecarSettingThroughTheRoundTrip() throws Exception {
    String review = Pods.resource("/admission/create-pod.json");
    Pod pod = AdmissionReviews.requestPod(review);
    pod.getMetadata().getAnnotations().put("handoff.dev/bind-cookie", "_shop_key");

    AdmissionResponse response = review(AdmissionReviews.create("every-option", "storefront", pod));

    Pod result = PatchApplier.apply(pod, AdmissionReviews.patch(response));
    Container sidecar = container(result, "handoff-sidecar");
    assertThat(env(sidecar, "HANDOFF_BIND_COOKIE")).isEqualTo("_shop_key");
    assertThat(env(sidecar, "HANDOFF_REDIS_WAIT_REPLICAS")).isEqualTo("1");
    assertThat(env(sidecar, "HANDOFF_REDIS_WAIT_TIMEOUT")).isEqualTo("2s");
    assertThat(env(sidecar, "HANDOFF_STEERING")).isEqualTo("off");
    assertThat(envVar(sidecar, "HANDOFF_SNAPSHOT_KEYS").getValueFrom().getSecretKeyRef())
        .satisfies(
            ref ->
                assertThat(ref.getName() + "/" + ref.getKey())
                    .isEqualTo("handoff-snapshot-keys/keys"));
    assertThat(env(sidecar, "HANDOFF_REDIS_CA_FILE")).isEqualTo("/etc/handoff/redis-ca/ca.crt");
    assertThat(sidecar.getVolumeMounts())
        .filteredOn(mount -> mount.getName().equals("handoff-redis-ca"))
        .singleElement()
        .satisfies(mount -> assertThat(mount.getReadOnly()).isTrue());
    // Appended after the service-account volume the API server already put there.
    assertThat(result.getSpec().getVolumes())
        .extracting(Volume::getName)
        .containsExactly("kube-api-access-x7k2p", "handoff-tmp", "handoff-redis-ca");
    assertThat(result.getSpec().getVolumes().get(2).getSecret().getSecretName())
        .isEqualTo("corp-redis-ca");
  }

  @Test
  void deniesABindCookieThatIsNoCookieName() throws Exception {
    Pod pod = Pods.load("liveview-single-port");
    pod.getMetadata().getAnnotations().put("handoff.dev/bind-cookie", "session id");

    AdmissionResponse response = review(AdmissionReviews.create("bad-cookie", "storefront", pod));

    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getCode()).isEqualTo(400);
    assertThat(response.getStatus().getMessage())
        .contains("handoff.dev/bind-cookie", "\"session id\"", "session cookie");
  }

  @Test
  void patchedPodPassesThroughTheWebhookUnchangedASecondTime() throws Exception {
    String review = Pods.resource("/admission/create-pod.json");
    Pod once =
        PatchApplier.apply(
            AdmissionReviews.requestPod(review), AdmissionReviews.patch(review(review)));

    AdmissionResponse second = review(AdmissionReviews.create("second-pass", "storefront", once));

    assertThat(second.getAllowed()).isTrue();
    assertThat(second.getPatch()).isNull();
  }

  @Test
  void takesVersionFromAnnotationOverTheReplicaSetRevision() throws Exception {
    Pod pod = Pods.load("liveview-single-port");
    pod.getMetadata().getAnnotations().put("handoff.dev/version", "100");

    AdmissionResponse response =
        review(AdmissionReviews.create("annotated-version", "storefront", pod));

    Pod result = PatchApplier.apply(pod, AdmissionReviews.patch(response));
    assertThat(env(container(result, "handoff-sidecar"), "HANDOFF_VERSION")).isEqualTo("100");
  }

  @Test
  void deniesBadAnnotationWithMessageNamingItAndTheAcceptedForm() throws Exception {
    Pod pod = Pods.load("liveview-single-port");
    pod.getMetadata().getAnnotations().put("handoff.dev/drain-timeout", "soon");

    AdmissionResponse response =
        review(AdmissionReviews.create("bad-annotation", "storefront", pod));

    assertThat(response.getUid()).isEqualTo("bad-annotation");
    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getPatch()).isNull();
    assertThat(response.getStatus().getCode()).isEqualTo(400);
    assertThat(response.getStatus().getMessage())
        .contains("handoff.dev/drain-timeout", "\"soon\"", "<n>ms, <n>s, <n>m or <n>h");
  }

  @Test
  void passesWarningsToTheUser() throws Exception {
    AdmissionResponse response =
        review(AdmissionReviews.create("warned", "chat", Pods.load("socketio-unnamed-port")));

    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getWarnings()).singleElement().asString().contains("has no name");
  }

  @Test
  void allowsPodsInExcludedNamespacesUntouched() throws Exception {
    Pod pod = Pods.load("liveview-single-port");
    pod.getMetadata().setNamespace("kube-system");

    AdmissionResponse response = review(AdmissionReviews.create("excluded", "kube-system", pod));

    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getPatch()).isNull();
  }

  @Test
  void allowsPodsWithoutTheAnnotationUntouched() throws Exception {
    Pod pod = Pods.load("liveview-single-port");
    pod.getMetadata().getAnnotations().remove("handoff.dev/inject");

    AdmissionResponse response = review(AdmissionReviews.create("plain", "storefront", pod));

    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getPatch()).isNull();
  }

  @Test
  void leavesUpdatesAlone() throws Exception {
    String update =
        AdmissionReviews.create("update", "storefront", Pods.load("liveview-single-port"))
            .replace("\"operation\":\"CREATE\"", "\"operation\":\"UPDATE\"");

    AdmissionResponse response = review(update);

    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getPatch()).isNull();
  }

  @Test
  void allowsPodWhoseReplicaSetCannotBeFoundWithoutTheSidecarAndSaysWhy() throws Exception {
    Pod pod = Pods.load("liveview-single-port");
    pod.getMetadata().getOwnerReferences().get(0).setName("shop-gone");

    AdmissionResponse response = review(AdmissionReviews.create("orphan", "storefront", pod));

    // A denial would stop the pod even under failurePolicy: Ignore; the controller reports it
    // without sidecar.
    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getPatch()).isNull();
    assertThat(response.getWarnings())
        .singleElement()
        .asString()
        .contains("ReplicaSet storefront/shop-gone");
  }

  @Test
  void deniesAReviewWhoseObjectIsNotAPod() throws Exception {
    String review =
        """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"odd",
                 "kind":{"group":"","version":"v1","kind":"Pod"},"namespace":"storefront","operation":"CREATE",
                 "object":{"metadata":"not an object","spec":[1,2,3]}}}
                """;

    AdmissionResponse response = review(review);

    assertThat(response.getUid()).isEqualTo("odd");
    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getMessage()).contains("request.object is not a Pod");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "this is not json",
        "[1, 2, 3]",
        "{}",
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}",
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"operation\":\"CREATE\"}}",
        "{\"apiVersion\":\"admission.k8s.io/v1beta1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\"}}",
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":\"oops\"}",
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\"",
      })
  void answersMalformedReviewsWithAClearBadRequest(String body) throws Exception {
    HttpResponse<String> reply = https.post(url, body);

    assertThat(reply.statusCode()).isEqualTo(400);
    assertThat(reply.body())
        .startsWith("{\"error\":\"")
        .containsAnyOf("AdmissionReview", "request.uid");
    assertThat(review(Pods.resource("/admission/create-pod.json")).getAllowed()).isTrue();
  }

  @Test
  void refusesOtherMethods() throws Exception {
    assertThat(https.get(url).statusCode()).isEqualTo(405);
  }

  @Test
  void refusesOversizedBodies() throws Exception {
    HttpResponse<String> reply = https.post(url, "x".repeat(WebhookServer.MAX_BODY_BYTES + 1));

    assertThat(reply.statusCode()).isEqualTo(413);
  }

  @Test
  void countsAnswersInMetrics() throws Exception {
    review(Pods.resource("/admission/create-pod.json"));

    assertThat(metrics.scrape()).contains("handoff_operator_admissions_total{result=\"injected\"}");
  }
}
