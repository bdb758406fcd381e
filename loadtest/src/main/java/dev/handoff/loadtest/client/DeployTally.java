package dev.handoff.loadtest.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the clients saw of the pods of one version going away: every socket a drain asked for its
 * state ends in exactly one {@link Outcome}, so {@code handedOff = restored + refreshed + lost}
 * once settled.
 */
public final class DeployTally {
  private final LongAdder handedOff = new LongAdder();
  private final LongAdder tokens = new LongAdder();
  private final LongAdder restored = new LongAdder();
  private final LongAdder refreshed = new LongAdder();
  private final LongAdder lost = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final Map<String, LongAdder> lostReasons = new ConcurrentHashMap<>();
  private final LatencySamples handoffLatency = new LatencySamples();
  private final LatencySamples reconnectLatency = new LatencySamples();
  private final LatencySamples gap = new LatencySamples();

  void recordAsked() {
    handedOff.increment();
  }

  void recordToken(long drainToHandoffNanos) {
    tokens.increment();
    handoffLatency.add(drainToHandoffNanos);
  }

  void recordRestored(long reconnectNanos, long gapNanos) {
    restored.increment();
    reconnectLatency.add(reconnectNanos);
    gap.add(gapNanos);
  }

  void recordRefreshed() {
    refreshed.increment();
  }

  void recordLost(String reason) {
    lost.increment();
    lostReasons.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }

  void recordDropped() {
    dropped.increment();
    lostReasons.computeIfAbsent("dropped_without_drain", r -> new LongAdder()).increment();
  }

  void recordRetry() {
    retries.increment();
  }

  public long handedOff() {
    return handedOff.sum();
  }

  public long tokens() {
    return tokens.sum();
  }

  public long restored() {
    return restored.sum();
  }

  public long refreshed() {
    return refreshed.sum();
  }

  public long lost() {
    return lost.sum();
  }

  /** Sockets closed without a drain (no chance to hand off): their clients lost their view too. */
  public long dropped() {
    return dropped.sum();
  }

  /**
   * Connection attempts refused (503 from a draining or steering pod, connection refused) and
   * retried.
   */
  public long retries() {
    return retries.sum();
  }

  public Map<String, Long> lostReasons() {
    Map<String, Long> out = new java.util.TreeMap<>();
    lostReasons.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** From the {@code drain} frame to the {@code handoff} frame. */
  public LatencySamples handoffLatency() {
    return handoffLatency;
  }

  /**
   * From the reconnect (after {@code reconnectAfterMs}) to the {@code hello} that restored the
   * state.
   */
  public LatencySamples reconnectLatency() {
    return reconnectLatency;
  }

  /**
   * From the {@code drain} frame to the restored {@code hello}: how long the user's view was in
   * transit.
   */
  public LatencySamples gap() {
    return gap;
  }
}
