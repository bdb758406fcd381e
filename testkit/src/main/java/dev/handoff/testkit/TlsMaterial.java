package dev.handoff.testkit;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away CA and a server certificate for 127.0.0.1 and localhost, as PEM files, for TLS
 * tests.
 */
public record TlsMaterial(Path caCert, Path serverCert, Path serverKey) {

  public static TlsMaterial create() {
    try {
      Path dir = Files.createTempDirectory("handoff-tls-");
      KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
      gen.initialize(2048);
      KeyPair caKeys = gen.generateKeyPair();
      KeyPair serverKeys = gen.generateKeyPair();
      X500Name caName = new X500Name("CN=handoff test CA");
      Instant now = Instant.now();
      Date from = Date.from(now.minus(1, ChronoUnit.HOURS));
      Date to = Date.from(now.plus(1, ChronoUnit.DAYS));
      var signer = new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate());
      X509Certificate ca =
          new JcaX509CertificateConverter()
              .getCertificate(
                  new JcaX509v3CertificateBuilder(
                          caName,
                          new BigInteger(64, new SecureRandom()),
                          from,
                          to,
                          caName,
                          caKeys.getPublic())
                      .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                      .build(signer));
      X509Certificate server =
          new JcaX509CertificateConverter()
              .getCertificate(
                  new JcaX509v3CertificateBuilder(
                          caName,
                          new BigInteger(64, new SecureRandom()),
                          from,
                          to,
                          new X500Name("CN=127.0.0.1"),
                          serverKeys.getPublic())
                      .addExtension(
                          Extension.subjectAlternativeName,
                          false,
                          new GeneralNames(
                              new GeneralName[] {
                                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                                new GeneralName(GeneralName.dNSName, "localhost")
                              }))
                      .build(signer));
      TlsMaterial m =
          new TlsMaterial(
              dir.resolve("ca.crt"), dir.resolve("server.crt"), dir.resolve("server.key"));
      Files.writeString(m.caCert(), pem(ca));
      Files.writeString(m.serverCert(), pem(server));
      Files.writeString(m.serverKey(), pem(serverKeys.getPrivate()));
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("could not make test certificates", e);
    }
  }

  private static String pem(Object o) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(o);
    }
    return out.toString();
  }
}
