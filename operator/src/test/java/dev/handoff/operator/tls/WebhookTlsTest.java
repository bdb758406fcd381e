package dev.handoff.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.handoff.operator.testing.MockApiServer;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebhookTlsTest {

  private static final String CONFIGURATION = "handoff-operator";
  @RegisterExtension static final MockApiServer.Extension api = MockApiServer.extension();

  @AfterEach
  void cleanUp() {
    api.client()
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .withName(CONFIGURATION)
        .delete();
    api.client().secrets().inNamespace("handoff-system").withName("handoff-operator-tls").delete();
  }

  private static void createConfiguration(String caBundle) {
    api.client()
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .resource(
            new MutatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName(CONFIGURATION)
                .endMetadata()
                .addNewWebhook()
                .withName("pods.handoff.dev")
                .withAdmissionReviewVersions("v1")
                .withSideEffects("None")
                .withReinvocationPolicy("IfNeeded")
                .withNewClientConfig()
                .withCaBundle(caBundle)
                .withNewService()
                .withName("handoff-operator")
                .withNamespace("handoff-system")
                .withPath("/mutate")
                .withPort(443)
                .endService()
                .endClientConfig()
                .endWebhook()
                .addNewWebhook()
                .withName("pods-strict.handoff.dev")
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
  }

  private static List<String> bundles() {
    MutatingWebhookConfiguration configuration =
        api.client()
            .admissionRegistration()
            .v1()
            .mutatingWebhookConfigurations()
            .withName(CONFIGURATION)
            .get();
    return configuration.getWebhooks().stream()
        .map(MutatingWebhook::getClientConfig)
        .map(config -> config.getCaBundle() == null ? "" : config.getCaBundle())
        .toList();
  }

  private static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
  }

  private static CertificateSecret secret() {
    return new CertificateSecret(
        api.client(),
        "handoff-system",
        "handoff-operator-tls",
        CertificateIssuer.serviceDnsNames("handoff-operator", "handoff-system"),
        new CertificateIssuer());
  }

  @Test
  void publishesTheCaToEveryWebhookOfTheConfiguration() {
    createConfiguration("");
    String ca = new CertificateIssuer().issueWithNewCa(List.of("x"), Instant.now()).caPem();

    boolean published = new CaBundlePublisher(api.client(), CONFIGURATION).publish(ca);

    assertThat(published).isTrue();
    assertThat(bundles()).containsExactly(base64(ca), base64(ca));
  }

  @Test
  void leavesAnUpToDateConfigurationAlone() {
    String ca = new CertificateIssuer().issueWithNewCa(List.of("x"), Instant.now()).caPem();
    createConfiguration("");
    CaBundlePublisher publisher = new CaBundlePublisher(api.client(), CONFIGURATION);
    publisher.publish(ca);
    String resourceVersion =
        api.client()
            .admissionRegistration()
            .v1()
            .mutatingWebhookConfigurations()
            .withName(CONFIGURATION)
            .get()
            .getMetadata()
            .getResourceVersion();

    publisher.publish(ca);

    assertThat(
            api.client()
                .admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .withName(CONFIGURATION)
                .get()
                .getMetadata()
                .getResourceVersion())
        .isEqualTo(resourceVersion);
  }

  @Test
  void reportsAMissingConfiguration() {
    assertThat(new CaBundlePublisher(api.client(), CONFIGURATION).publish("pem")).isFalse();
  }

  @Test
  void selfSignedModeIssuesCertificatePublishesCaAndServesIt() {
    createConfiguration("");

    try (WebhookTls tls =
        WebhookTls.selfSigned(
            secret(), new CaBundlePublisher(api.client(), CONFIGURATION), Clock.systemUTC())) {
      WebhookIdentity stored = secret().ensure(Instant.now());
      assertThat(tls.ready()).isTrue();
      assertThat(tls.keyManager().servedCertificate()).isEqualTo(stored.certificate());
      assertThat(bundles()).containsOnly(base64(stored.caPem()));
    }
  }

  @Test
  void restoresTheCaBundleWhenAnUpgradeResetsIt() {
    createConfiguration("");
    try (WebhookTls tls =
        WebhookTls.selfSigned(
            secret(), new CaBundlePublisher(api.client(), CONFIGURATION), Clock.systemUTC())) {
      String expected = base64(secret().ensure(Instant.now()).caPem());

      api.client()
          .admissionRegistration()
          .v1()
          .mutatingWebhookConfigurations()
          .withName(CONFIGURATION)
          .edit(
              configuration -> {
                configuration
                    .getWebhooks()
                    .forEach(webhook -> webhook.getClientConfig().setCaBundle(null));
                return configuration;
              });

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(bundles()).containsOnly(expected));
    }
  }

  @Test
  void publishesOnceTheConfigurationAppearsLater() {
    try (WebhookTls tls =
        WebhookTls.selfSigned(
            secret(), new CaBundlePublisher(api.client(), CONFIGURATION), Clock.systemUTC())) {
      String expected = base64(secret().ensure(Instant.now()).caPem());

      createConfiguration("");

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(bundles()).containsOnly(expected));
    }
  }
}
