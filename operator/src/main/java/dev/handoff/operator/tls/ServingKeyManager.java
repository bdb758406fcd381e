package dev.handoff.operator.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Serves whatever key and chain it was last given, so renewed certificates apply without restarting
 * the server.
 */
public final class ServingKeyManager extends X509ExtendedKeyManager {

  private static final String ALIAS = "webhook";

  private record Material(PrivateKey key, X509Certificate[] chain) {}

  private volatile Material material;

  public void update(PrivateKey key, List<X509Certificate> chain) {
    material = new Material(key, chain.toArray(X509Certificate[]::new));
  }

  public boolean loaded() {
    return material != null;
  }

  /** The leaf certificate currently served, or null before the first update. */
  public X509Certificate servedCertificate() {
    Material current = material;
    return current == null ? null : current.chain()[0];
  }

  private String aliasFor(String keyType) {
    Material current = material;
    return current != null && current.key().getAlgorithm().equalsIgnoreCase(keyType) ? ALIAS : null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return aliasFor(keyType);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyType);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String alias = aliasFor(keyType);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    Material current = material;
    return ALIAS.equals(alias) && current != null ? current.chain().clone() : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    Material current = material;
    return ALIAS.equals(alias) && current != null ? current.key() : null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }
}
