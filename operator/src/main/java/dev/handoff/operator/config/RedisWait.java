package dev.handoff.operator.config;

import java.time.Duration;

/**
 * Redis {@code WAIT} for every snapshot: how many replicas must hold it, and for how long the sidecar waits, before
 * the client gets its token. Only present when at least one replica is asked for.
 */
public record RedisWait(int replicas, Duration timeout) {

    /** The sidecar's own bounds (HANDOFF_REDIS_WAIT_REPLICAS). */
    public static final int MAX_REPLICAS = 16;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
}
