package dev.handoff.operator.config;

/** Where the webhook's serving certificate comes from. */
public enum TlsMode {
  /**
   * The operator issues its own CA and certificate, keeps them in a Secret and patches caBundle.
   */
  SELF_SIGNED,
  /** Files mounted by someone else (cert-manager); caBundle is that tool's job. */
  FILES
}
