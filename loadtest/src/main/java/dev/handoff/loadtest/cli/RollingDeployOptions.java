package dev.handoff.loadtest.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Every flag of {@code rolling-deploy}, parsed once by {@link FlagParser}. */
public record RollingDeployOptions(
    int pods,
    int clients,
    int deploys,
    boolean processes,
    Optional<String> redisUrl,
    Optional<URI> target,
    Path reportDir,
    int stateMin,
    int stateMax,
    int staleClients,
    Duration drainTimeout,
    Duration reconnectSpread,
    Duration settleTimeout,
    Duration watchFor,
    String app,
    String path,
    long seed,
    long firstVersion,
    boolean progress) {

  public static RollingDeployOptions defaults() {
    return new RollingDeployOptions(3, 1000, 2, false, Optional.empty(), Optional.empty(),
        Path.of("target", "handoff-report"), 1024, 4096, 0, Duration.ofSeconds(20), Duration.ofSeconds(2),
        Duration.ofSeconds(60), Duration.ofMinutes(15), "demo", "/live", System.nanoTime(), 1, true);
  }

  public String stateBytes() {
    return stateMin == stateMax ? Integer.toString(stateMin) : stateMin + "-" + stateMax;
  }
}
