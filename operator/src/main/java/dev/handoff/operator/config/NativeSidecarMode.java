package dev.handoff.operator.config;

/** Whether the sidecar goes in as an init container with {@code restartPolicy: Always}. */
public enum NativeSidecarMode {
  /** Decide from the API server's version. */
  AUTO,
  ALWAYS,
  NEVER
}
