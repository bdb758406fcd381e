package dev.handoff.operator.config;

/**
 * Where injected sidecars find the PEM CA that signed a {@code rediss://} server's certificate: one
 * key of a Secret or a ConfigMap in the namespace of each injected pod, mounted read-only into the
 * sidecar.
 */
public record RedisCaSource(Kind kind, String name, String key) {

  /** The volume source type; a CA certificate is public, so a ConfigMap is as good as a Secret. */
  public enum Kind {
    SECRET,
    CONFIG_MAP
  }
}
