package dev.handoff.operator.tls;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the webhook's CA and serving certificate in one Secret shared by every replica: the first
 * replica to start issues them, the others (and later restarts) reuse them while they are valid.
 */
public final class CertificateSecret {

  /** Renew the serving certificate a month before it expires. */
  static final Duration RENEW_BEFORE = Duration.ofDays(30);

  /** Keep the CA only if it outlives a freshly issued serving certificate. */
  static final Duration CA_RENEW_BEFORE = CertificateIssuer.SERVING_LIFETIME.plus(RENEW_BEFORE);

  static final String CA_CERT = "ca.crt";
  static final String CA_KEY = "ca.key";
  static final String TLS_CERT = "tls.crt";
  static final String TLS_KEY = "tls.key";
  private static final Logger LOG = LoggerFactory.getLogger(CertificateSecret.class);
  private static final int ATTEMPTS = 5;

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final List<String> dnsNames;
  private final CertificateIssuer issuer;

  public CertificateSecret(
      KubernetesClient client,
      String namespace,
      String name,
      List<String> dnsNames,
      CertificateIssuer issuer) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.dnsNames = List.copyOf(dnsNames);
    this.issuer = issuer;
  }

  /**
   * The identity to serve with: the stored one if still good, else a new one written back to the
   * Secret.
   */
  public WebhookIdentity ensure(Instant now) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Secret existing = secret().get();
      Optional<WebhookIdentity> stored = existing == null ? Optional.empty() : read(existing);
      if (stored.isPresent() && stored.get().usableFor(dnsNames, now, RENEW_BEFORE)) {
        return stored.get();
      }
      WebhookIdentity fresh =
          stored
              .filter(identity -> identity.caUsable(now, CA_RENEW_BEFORE))
              .map(
                  identity ->
                      issuer.issueWithCa(
                          identity.ca(), identity.caKey().orElseThrow(), dnsNames, now))
              .orElseGet(() -> issuer.issueWithNewCa(dnsNames, now));
      try {
        if (existing == null) {
          client.secrets().inNamespace(namespace).resource(toSecret(fresh, null)).create();
          LOG.info("created webhook certificate Secret {}/{}", namespace, name);
        } else {
          client
              .secrets()
              .inNamespace(namespace)
              .resource(toSecret(fresh, existing.getMetadata().getResourceVersion()))
              .update();
          LOG.info("renewed webhook certificate in Secret {}/{}", namespace, name);
        }
        return fresh;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // Another replica wrote first; take what it stored on the next pass.
        LOG.info(
            "webhook certificate Secret changed concurrently, rereading (attempt {})", attempt);
      }
    }
    throw new IllegalStateException(
        "could not settle webhook certificate Secret "
            + namespace
            + "/"
            + name
            + " after "
            + ATTEMPTS
            + " concurrent updates");
  }

  private Resource<Secret> secret() {
    return client.secrets().inNamespace(namespace).withName(name);
  }

  private Optional<WebhookIdentity> read(Secret secret) {
    Map<String, String> data = secret.getData();
    if (data == null || !data.keySet().containsAll(List.of(CA_CERT, CA_KEY, TLS_CERT, TLS_KEY))) {
      LOG.warn(
          "Secret {}/{} lacks {}, {}, {} or {}; issuing new certificates",
          namespace,
          name,
          CA_CERT,
          CA_KEY,
          TLS_CERT,
          TLS_KEY);
      return Optional.empty();
    }
    try {
      X509Certificate ca = Pem.certificates(decode(data.get(CA_CERT))).get(0);
      PrivateKey caKey = Pem.privateKey(decode(data.get(CA_KEY)));
      X509Certificate certificate = Pem.certificates(decode(data.get(TLS_CERT))).get(0);
      PrivateKey key = Pem.privateKey(decode(data.get(TLS_KEY)));
      return Optional.of(new WebhookIdentity(ca, Optional.of(caKey), certificate, key));
    } catch (IllegalArgumentException e) {
      LOG.warn(
          "Secret {}/{} holds unreadable certificates ({}); issuing new ones",
          namespace,
          name,
          e.getMessage());
      return Optional.empty();
    }
  }

  private Secret toSecret(WebhookIdentity identity, String resourceVersion) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withResourceVersion(resourceVersion)
        .addToLabels("app.kubernetes.io/managed-by", "handoff-operator")
        .endMetadata()
        .withType("kubernetes.io/tls")
        .addToData(CA_CERT, encode(identity.caPem()))
        .addToData(CA_KEY, encode(Pem.encode(identity.caKey().orElseThrow())))
        .addToData(TLS_CERT, encode(identity.certificatePem()))
        .addToData(TLS_KEY, encode(identity.keyPem()))
        .build();
  }

  private static String encode(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
