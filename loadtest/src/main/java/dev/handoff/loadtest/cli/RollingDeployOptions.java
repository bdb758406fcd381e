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
    return new Builder().build();
  }

  /** Collects flags one at a time; the defaults are the command's. */
  static final class Builder {
    int pods = 3;
    int clients = 1000;
    int deploys = 2;
    boolean deploysGiven;
    boolean processes;
    Optional<String> redisUrl = Optional.empty();
    Optional<URI> target = Optional.empty();
    Path reportDir = Path.of("target", "handoff-report");
    int stateMin = 1024;
    int stateMax = 4096;
    int staleClients;
    Duration drainTimeout = Duration.ofSeconds(20);
    Duration reconnectSpread = Duration.ofSeconds(2);
    Duration settleTimeout = Duration.ofSeconds(60);
    Duration watchFor = Duration.ofMinutes(15);
    String app = "demo";
    String path = "/live";
    long seed = System.nanoTime();
    long firstVersion = 1;
    boolean progress = true;

    RollingDeployOptions build() {
      // Against a target, "deploys" is how many rollouts to wait for: one unless told.
      int rollouts = target.isPresent() && !deploysGiven ? 1 : deploys;
      return new RollingDeployOptions(pods, clients, rollouts, processes, redisUrl, target, reportDir, stateMin,
          stateMax, staleClients, drainTimeout, reconnectSpread, settleTimeout, watchFor, app, path, seed,
          firstVersion, progress);
    }
  }

  public String stateBytes() {
    return stateMin == stateMax ? Integer.toString(stateMin) : stateMin + "-" + stateMax;
  }
}
