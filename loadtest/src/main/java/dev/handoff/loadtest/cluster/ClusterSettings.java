package dev.handoff.loadtest.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How pods are run.
 *
 * @param app the app name every sidecar is given
 * @param drainTimeout the sidecar's whole drain
 * @param reconnectSpread clients reconnect after a random delay below this
 * @param redisUrl an existing Redis (process mode); empty: start one
 * @param logDir where process-mode pods, Redis and HAProxy write their output
 * @param clients how many clients will connect, to size the balancer
 */
public record ClusterSettings(
    String app,
    Duration drainTimeout,
    Duration reconnectSpread,
    Optional<String> redisUrl,
    Path logDir,
    int clients) {}
