package dev.handoff.loadtest.cluster;

/**
 * One pod: the demo app and its sidecar. Started and stopped from the deploy's own thread (never an
 * event loop): both calls block until the pod is ready, or gone.
 */
public interface Pod {
  String name();

  long version();

  /** The sidecar's proxied port: what the Service (the balancer) sends traffic to. */
  int proxyPort();

  /** The sidecar's admin port: {@code /readyz} for health checks. */
  int adminPort();

  /**
   * Readiness without blocking, for a balancer that probes in-process; false once the drain starts.
   */
  boolean ready();

  /**
   * Drains the pod through the entry point SIGTERM uses, then stops it; blocks until it is gone.
   */
  PodStop stop();
}
