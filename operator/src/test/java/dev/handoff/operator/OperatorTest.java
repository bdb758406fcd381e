package dev.handoff.operator;

import static dev.handoff.operator.testing.Pods.container;
import static dev.handoff.operator.testing.Pods.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.handoff.operator.config.OperatorSettings;
import dev.handoff.operator.rollout.ControllerLeadership;
import dev.handoff.operator.testing.AdmissionReviews;
import dev.handoff.operator.testing.MockApiServer;
import dev.handoff.operator.testing.PatchApplier;
import dev.handoff.operator.testing.Pods;
import dev.handoff.operator.testing.TrustingClient;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The assembled operator: its own TLS from a Secret, caBundle, webhook over HTTPS, health, and
 * leadership.
 */
@Tag("integration")
class OperatorTest {

  private static final ControllerLeadership.Timing FAST =
      new ControllerLeadership.Timing(
          Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(250));

  /** The same settings with the health and webhook ports at 0: each test gets free ones. */
  private static OperatorSettings onPortsTheSystemChooses(OperatorSettings configured) {
    OperatorSettings.Webhook webhook = configured.webhook();
    return new OperatorSettings(
        configured.namespace(),
        configured.identity(),
        0,
        configured.sidecar(),
        new OperatorSettings.Webhook(
            0,
            webhook.excludedNamespaces(),
            webhook.serviceName(),
            webhook.configurationName(),
            webhook.shutdownDelay()),
        configured.tls(),
        configured.controller());
  }

  @Test
  void startsServingInjectionsWithItsOwnCertificate() throws Exception {
    try (MockApiServer api = new MockApiServer()) {
      KubernetesClient client = api.client();
      client
          .admissionRegistration()
          .v1()
          .mutatingWebhookConfigurations()
          .resource(
              new MutatingWebhookConfigurationBuilder()
                  .withNewMetadata()
                  .withName("handoff-operator")
                  .endMetadata()
                  .addNewWebhook()
                  .withName("pods.handoff.dev")
                  .withAdmissionReviewVersions("v1")
                  .withSideEffects("None")
                  .withNewClientConfig()
                  .withNewService()
                  .withName("handoff-operator")
                  .withNamespace("handoff-system")
                  .withPath("/mutate")
                  .endService()
                  .endClientConfig()
                  .endWebhook()
                  .build())
          .create();
      // A Service named "localhost" puts that name into the certificate, so the client can verify
      // it.
      OperatorSettings configured =
          OperatorSettings.fromEnvironment(
              Map.of(
                  "HANDOFF_WEBHOOK_SERVICE_NAME", "localhost",
                  "HANDOFF_NATIVE_SIDECAR", "always",
                  "HANDOFF_POD_NAME", "handoff-operator-0"));
      OperatorSettings settings = onPortsTheSystemChooses(configured);

      try (Operator operator = Operator.start(settings, client, FAST)) {
        Secret secret =
            client.secrets().inNamespace("handoff-system").withName("handoff-operator-tls").get();
        X509Certificate ca = certificate(secret.getData().get("ca.crt"));
        String caBundle =
            client
                .admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .withName("handoff-operator")
                .get()
                .getWebhooks()
                .get(0)
                .getClientConfig()
                .getCaBundle();
        assertThat(caBundle).isEqualTo(secret.getData().get("ca.crt"));

        TrustingClient https = new TrustingClient(ca);
        String review =
            Pods.resource("/admission/create-pod.json")
                .replace(
                    "\"handoff.dev/port\": \"http\"",
                    "\"handoff.dev/port\": \"http\", \"handoff.dev/version\": \"3\"");
        HttpResponse<String> reply =
            https.post("https://localhost:" + operator.webhookPort() + "/mutate", review);
        AdmissionResponse response = AdmissionReviews.response(reply.body());
        assertThat(response.getAllowed()).isTrue();
        Pod result =
            PatchApplier.apply(
                AdmissionReviews.requestPod(review), AdmissionReviews.patch(response));
        assertThat(container(result, "handoff-sidecar").getRestartPolicy()).isEqualTo("Always");
        assertThat(env(container(result, "handoff-sidecar"), "HANDOFF_VERSION")).isEqualTo("3");

        assertThat(get(operator.healthPort(), "/readyz").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(operator::leading);
        assertThat(get(operator.healthPort(), "/metrics").body())
            .contains("handoff_operator_admissions_total{result=\"injected\"} 1.0")
            .contains("handoff_operator_leader 1.0");
      }
    }
  }

  @Test
  void keepsAnsweringAdmissionReviewsForTheShutdownDelayWhileUnready() throws Exception {
    try (MockApiServer api = new MockApiServer()) {
      KubernetesClient client = api.client();
      OperatorSettings configured =
          OperatorSettings.fromEnvironment(
              Map.of(
                  "HANDOFF_WEBHOOK_SERVICE_NAME", "localhost",
                  "HANDOFF_NATIVE_SIDECAR", "always",
                  "HANDOFF_CONTROLLER_ENABLED", "false",
                  "HANDOFF_SHUTDOWN_DELAY", "3s"));
      OperatorSettings settings = onPortsTheSystemChooses(configured);
      Operator operator = Operator.start(settings, client, FAST);
      TrustingClient https =
          new TrustingClient(
              certificate(
                  client
                      .secrets()
                      .inNamespace("handoff-system")
                      .withName("handoff-operator-tls")
                      .get()
                      .getData()
                      .get("ca.crt")));
      String url = "https://localhost:" + operator.webhookPort() + "/mutate";
      String review = Pods.resource("/admission/create-pod.json");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> get(operator.healthPort(), "/readyz").statusCode() == 200);

      // What the JVM's shutdown hook does on SIGTERM.
      Thread sigterm = new Thread(operator::stop, "sigterm");
      sigterm.start();

      await()
          .atMost(Duration.ofSeconds(2))
          .untilAsserted(
              () -> {
                HttpResponse<String> ready = get(operator.healthPort(), "/readyz");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("not-shutting-down");
              });
      HttpResponse<String> reply = https.post(url, review);
      // Answered (the verdict on this pod does not matter here): the API server gets a review back.
      assertThat(reply.statusCode()).isEqualTo(200);
      assertThat(AdmissionReviews.response(reply.body()).getUid()).isNotBlank();
      assertThat(sigterm.isAlive()).as("still within the shutdown delay").isTrue();

      sigterm.join(Duration.ofSeconds(15).toMillis());
      assertThat(sigterm.isAlive()).isFalse();
      assertThatThrownBy(() -> https.post(url, review)).isInstanceOf(java.io.IOException.class);
    }
  }

  private static X509Certificate certificate(String base64Pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(
                    Base64.getDecoder().decode(base64Pem.getBytes(StandardCharsets.UTF_8))));
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
