package dev.handoff.operator.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Issues the operator's own CA and the webhook's serving certificate (ECDSA P-256). */
public final class CertificateIssuer {

  static final Duration CA_LIFETIME = Duration.ofDays(3650);
  static final Duration SERVING_LIFETIME = Duration.ofDays(365);

  /** Tolerates API-server clocks a little behind ours. */
  private static final Duration BACKDATE = Duration.ofMinutes(5);

  private final SecureRandom random = new SecureRandom();

  public WebhookIdentity issueWithNewCa(List<String> dnsNames, Instant now) {
    KeyPair caKeys = keyPair();
    X509Certificate ca =
        sign(
            new X500Name("CN=handoff-operator-ca"),
            new X500Name("CN=handoff-operator-ca"),
            caKeys,
            caKeys.getPrivate(),
            now,
            CA_LIFETIME,
            true,
            List.of());
    return issueWithCa(ca, caKeys.getPrivate(), dnsNames, now);
  }

  public WebhookIdentity issueWithCa(
      X509Certificate ca, PrivateKey caKey, List<String> dnsNames, Instant now) {
    KeyPair servingKeys = keyPair();
    X509Certificate serving =
        sign(
            X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
            new X500Name("CN=" + dnsNames.get(0)),
            servingKeys,
            caKey,
            now,
            SERVING_LIFETIME,
            false,
            dnsNames);
    return new WebhookIdentity(ca, Optional.of(caKey), serving, servingKeys.getPrivate());
  }

  private X509Certificate sign(
      X500Name issuer,
      X500Name subject,
      KeyPair subjectKeys,
      PrivateKey signingKey,
      Instant now,
      Duration lifetime,
      boolean authority,
      List<String> dnsNames) {
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              new BigInteger(127, random),
              Date.from(now.minus(BACKDATE)),
              Date.from(now.plus(lifetime)),
              subject,
              subjectKeys.getPublic());
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          extensions.createSubjectKeyIdentifier(subjectKeys.getPublic()));
      if (authority) {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(
            Extension.keyUsage,
            true,
            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      } else {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(
            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(
                dnsNames.stream()
                    .map(name -> new GeneralName(GeneralName.dNSName, name))
                    .toArray(GeneralName[]::new)));
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signingKey)));
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("cannot issue certificate for " + subject, e);
    }
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate P-256 keys", e);
    }
  }

  /** The names the API server may use to reach the webhook Service. */
  public static List<String> serviceDnsNames(String service, String namespace) {
    return List.of(
        service + "." + namespace + ".svc",
        service,
        service + "." + namespace,
        service + "." + namespace + ".svc.cluster.local");
  }
}
