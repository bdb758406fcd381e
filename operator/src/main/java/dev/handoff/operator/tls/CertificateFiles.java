package dev.handoff.operator.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** A serving key and chain mounted from a Secret that someone else (cert-manager) keeps fresh. */
record CertificateFiles(PrivateKey key, List<X509Certificate> chain, String fingerprint) {

  static CertificateFiles read(Path directory) {
    Path certificate = directory.resolve(CertificateSecret.TLS_CERT);
    Path key = directory.resolve(CertificateSecret.TLS_KEY);
    try {
      String certificateText = Files.readString(certificate);
      String keyText = Files.readString(key);
      return new CertificateFiles(
          Pem.privateKey(keyText),
          Pem.certificates(certificateText),
          Integer.toHexString((certificateText + keyText).hashCode()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + certificate + " and " + key, e);
    }
  }
}
