package dev.handoff.sidecar.handoff;

import dev.handoff.contract.ControlFrames;

/**
 * How many control frames one socket may send: a token bucket (a burst, then a steady rate). A
 * client flooding checkpoints costs the sidecar a JSON parse each; past the budget frames are
 * dropped unread.
 */
final class ControlFrameBudget {
  static final int BURST = ControlFrames.RATE_BURST;
  static final double PER_SECOND = ControlFrames.RATE_PER_SECOND;

  private double tokens = BURST;
  private long lastNanos;

  ControlFrameBudget(long nowNanos) {
    this.lastNanos = nowNanos;
  }

  /** Takes one frame's worth; false when the socket is over its budget. */
  boolean take(long nowNanos) {
    tokens = Math.min(BURST, tokens + (nowNanos - lastNanos) / 1e9 * PER_SECOND);
    lastNanos = nowNanos;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  }
}
