package dev.handoff.operator.config;

import java.time.Duration;

/**
 * Redis {@code WAIT} for every snapshot: how many replicas must hold it, and for how long the
 * sidecar waits, before the client gets its token. Only present when at least one replica is asked
 * for.
 */
public record RedisWait(int replicas, Duration timeout) {}
