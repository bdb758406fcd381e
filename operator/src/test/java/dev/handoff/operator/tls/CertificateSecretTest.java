package dev.handoff.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.operator.testing.MockApiServer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CertificateSecretTest {

  private static final List<String> NAMES =
      CertificateIssuer.serviceDnsNames("handoff-operator", "handoff-system");
  @RegisterExtension static final MockApiServer.Extension api = MockApiServer.extension();

  @AfterEach
  void deleteSecret() {
    api.client().secrets().inNamespace("handoff-system").withName("handoff-operator-tls").delete();
  }

  private static CertificateSecret store(List<String> names) {
    return new CertificateSecret(
        api.client(), "handoff-system", "handoff-operator-tls", names, new CertificateIssuer());
  }

  private static Secret stored() {
    return api.client()
        .secrets()
        .inNamespace("handoff-system")
        .withName("handoff-operator-tls")
        .get();
  }

  @Test
  void issuesCaAndServingCertificateIntoANewSecret() throws Exception {
    WebhookIdentity identity = store(NAMES).ensure(Instant.now());

    Secret secret = stored();
    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(secret.getData()).containsOnlyKeys("ca.crt", "ca.key", "tls.crt", "tls.key");
    X509Certificate certificate = identity.certificate();
    certificate.verify(identity.ca().getPublicKey());
    assertThat(WebhookIdentity.dnsNames(certificate))
        .containsExactlyInAnyOrderElementsOf(NAMES)
        .contains("handoff-operator.handoff-system.svc");
    assertThat(identity.ca().getBasicConstraints()).isZero();
    assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
    assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
  }

  @Test
  void reusesTheStoredCertificateWhileItIsValid() {
    WebhookIdentity first = store(NAMES).ensure(Instant.now());
    String resourceVersion = stored().getMetadata().getResourceVersion();

    WebhookIdentity second = store(NAMES).ensure(Instant.now().plus(Duration.ofDays(300)));

    assertThat(second.certificate()).isEqualTo(first.certificate());
    assertThat(second.ca()).isEqualTo(first.ca());
    assertThat(stored().getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
  }

  @Test
  void renewsTheServingCertificateBeforeItExpiresKeepingTheCa() {
    WebhookIdentity first = store(NAMES).ensure(Instant.now());

    WebhookIdentity renewed = store(NAMES).ensure(Instant.now().plus(Duration.ofDays(340)));

    assertThat(renewed.certificate()).isNotEqualTo(first.certificate());
    assertThat(renewed.ca()).isEqualTo(first.ca());
    assertThat(store(NAMES).ensure(Instant.now().plus(Duration.ofDays(340))).certificate())
        .isEqualTo(renewed.certificate());
  }

  @Test
  void replacesACaThatWouldExpireBeforeANewServingCertificate() {
    WebhookIdentity first = store(NAMES).ensure(Instant.now());

    WebhookIdentity replaced = store(NAMES).ensure(Instant.now().plus(Duration.ofDays(3650 - 200)));

    assertThat(replaced.ca()).isNotEqualTo(first.ca());
  }

  @Test
  void reissuesWhenTheServiceNameChanges() {
    WebhookIdentity first = store(NAMES).ensure(Instant.now());
    List<String> renamed = CertificateIssuer.serviceDnsNames("handoff-webhook", "handoff-system");

    WebhookIdentity reissued = store(renamed).ensure(Instant.now());

    assertThat(WebhookIdentity.dnsNames(reissued.certificate())).containsAll(renamed);
    assertThat(reissued.ca()).isEqualTo(first.ca());
  }

  @Test
  void replacesASecretItCannotRead() {
    api.client()
        .secrets()
        .inNamespace("handoff-system")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("handoff-operator-tls")
                .withNamespace("handoff-system")
                .endMetadata()
                .addToData("tls.crt", "bm90IGEgY2VydA==")
                .addToData("tls.key", "bm90IGEga2V5")
                .addToData("ca.crt", "bm90IGEgY2VydA==")
                .addToData("ca.key", "bm90IGEga2V5")
                .build())
        .create();

    WebhookIdentity identity = store(NAMES).ensure(Instant.now());

    assertThat(identity.usableFor(NAMES, Instant.now(), Duration.ofDays(30))).isTrue();
    assertThat(stored().getData().get("tls.crt")).isNotEqualTo("bm90IGEgY2VydA==");
  }
}
