package dev.handoff.contract;

import java.util.Locale;

/**
 * The fields of the rollout hash ({@link RedisKeys#rollout}): sidecars add to them, the operator
 * and the load test read every one of them. The field is the lower-case name, e.g. {@code
 * store_error}.
 */
public enum RolloutCounter {
  /** Written by a draining pod, one per opted-in client. */
  STORED,
  TOO_LARGE,
  TIMEOUT,
  STORE_ERROR,
  /** Written by the pod a client restores on, one per presented token. */
  RESTORED,
  EXPIRED,
  REFRESH,
  INVALID,
  /**
   * The store could not be read for a presented token; the snapshot (if any) stays for a later try.
   */
  UNAVAILABLE;

  public String field() {
    return name().toLowerCase(Locale.ROOT);
  }
}
