package dev.handoff.loadtest.deploy;

import java.time.Duration;

/**
 * The rollout: {@code pods} replicas at {@code firstVersion}, then {@code deploys} rolling deploys,
 * each K→K+1 with maxSurge 1 and maxUnavailable 0.
 *
 * @param settleTimeout how long the clients get, after the last old pod is gone, to be back on a
 *     live socket
 */
public record DeployPlan(int pods, int deploys, long firstVersion, Duration settleTimeout) {}
