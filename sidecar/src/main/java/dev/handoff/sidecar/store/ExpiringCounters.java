package dev.handoff.sidecar.store;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Counters that count how often something happened lately, e.g. how often a token was steered away.
 */
public interface ExpiringCounters {

  /**
   * Adds one to a counter that expires {@code ttl} after it was first counted; returns the new
   * value.
   */
  CompletionStage<Long> increment(String key, Duration ttl);
}
