package dev.handoff.sidecar.store;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Rollout counter increments summed while a batch of them is in flight. An increment either starts
 * a batch (the caller sends it) or joins the one queued behind the batch in flight ({@link #sent}
 * hands it over).
 */
final class RolloutCountBatches {
  /** The batch an increment belongs to, and whether its caller must send it. */
  record Joined(CompletableFuture<Void> batch, boolean sendNow) {}

  private Map<String, Map<String, Long>> sums = new HashMap<>();
  private CompletableFuture<Void> inFlight;
  private CompletableFuture<Void> queued;

  synchronized Joined add(String key, String field) {
    sums.computeIfAbsent(key, k -> new HashMap<>()).merge(field, 1L, Long::sum);
    if (inFlight == null) {
      inFlight = new CompletableFuture<>();
      return new Joined(inFlight, true);
    }
    if (queued == null) queued = new CompletableFuture<>();
    return new Joined(queued, false);
  }

  /** The sums so far, which the caller sends: key, then field, then how many. */
  synchronized Map<String, Map<String, Long>> take() {
    Map<String, Map<String, Long>> taken = sums;
    sums = new HashMap<>();
    return taken;
  }

  /** The batch in flight is answered; returns the queued one to send next, if any. */
  synchronized CompletableFuture<Void> sent() {
    inFlight = queued;
    queued = null;
    return inFlight;
  }
}
