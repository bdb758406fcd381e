package dev.handoff.loadtest.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Every flag of {@code rolling-deploy}, as {@link RollingDeployFlags} read them. */
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

  public String stateBytes() {
    return stateMin == stateMax ? Integer.toString(stateMin) : stateMin + "-" + stateMax;
  }
}
