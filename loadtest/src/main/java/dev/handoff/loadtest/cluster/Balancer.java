package dev.handoff.loadtest.cluster;

import java.net.URI;

/**
 * What a Service does in Kubernetes: one address in front of the ready pods, endpoints coming and
 * going.
 */
public interface Balancer extends AutoCloseable {
  /** The WebSocket URL of {@code path} through the balancer. */
  URI url(String path);

  /** A new endpoint; returns once the balancer sends it traffic. */
  void add(Pod pod);

  /**
   * The endpoint is gone (its pod stopped). Draining pods drop out earlier, through their health
   * check.
   */
  void remove(Pod pod);

  String describe();

  @Override
  void close();
}
