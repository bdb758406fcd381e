package dev.handoff.operator.tls;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The webhook's serving key and certificate and the CA that signed it. The CA key is present when
 * the operator issued the CA itself, so it can renew the serving certificate without changing
 * caBundle.
 */
public record WebhookIdentity(
    X509Certificate ca, Optional<PrivateKey> caKey, X509Certificate certificate, PrivateKey key) {

  private static final int SAN_DNS = 2;

  public String caPem() {
    return Pem.encode(ca);
  }

  public String certificatePem() {
    return Pem.encode(certificate);
  }

  public String keyPem() {
    return Pem.encode(key);
  }

  /**
   * True when the serving certificate is signed by the CA, names every host and lives past {@code
   * margin}.
   */
  public boolean usableFor(List<String> dnsNames, Instant now, Duration margin) {
    return signedByCa()
        && validThrough(certificate, now, margin)
        && validThrough(ca, now, margin)
        && dnsNames(certificate).containsAll(dnsNames);
  }

  /** True when the CA can keep signing serving certificates for another {@code margin}. */
  public boolean caUsable(Instant now, Duration margin) {
    return caKey.isPresent() && validThrough(ca, now, margin);
  }

  private boolean signedByCa() {
    try {
      certificate.verify(ca.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean validThrough(X509Certificate certificate, Instant now, Duration margin) {
    Instant notBefore = certificate.getNotBefore().toInstant();
    Instant notAfter = certificate.getNotAfter().toInstant();
    return !now.isBefore(notBefore) && now.plus(margin).isBefore(notAfter);
  }

  static Set<String> dnsNames(X509Certificate certificate) {
    Set<String> names = new HashSet<>();
    try {
      Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> entry : alternatives) {
          if (entry.size() == 2 && Integer.valueOf(SAN_DNS).equals(entry.get(0))) {
            names.add((String) entry.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      return Set.of();
    }
    return names;
  }
}
