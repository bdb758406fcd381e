package dev.handoff.sidecar.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the sidecar is told at start-up, loaded once (see {@link ConfigLoader}) and never changed.
 *
 * @param app               the application name; snapshots of one app are never visible to another
 * @param version           the version K of the app this pod runs
 * @param versionWindow     W: a snapshot taken at K is restored by a pod at V when V-W <= K <= V
 * @param listenPort        the proxied port (the app's port as the Service sees it)
 * @param adminPort         health, readiness, metrics and drain; never reachable through the proxied port
 * @param upstream          the app, e.g. http://127.0.0.1:8080
 * @param redisUrl          redis://, rediss:// or redis-sentinel://; empty for the in-memory store
 * @param snapshotTtl       how long a snapshot waits in the store for its client
 * @param drainTimeout      the whole drain, from the first {@code drain} frame to the last close
 * @param maxStateBytes     the largest state a client may hand over, in UTF-8 bytes of its JSON
 * @param reconnectSpread   clients reconnect after a random delay in [0, spread) so no pod faces the herd
 * @param adminToken        guards POST /drain when set
 * @param stateHeaderBudget the largest {@code Handoff-State} header passed to the app, in bytes
 * @param clientPath        where handoff.js is served on the proxied port
 */
public record SidecarConfig(
    String app,
    long version,
    int versionWindow,
    int listenPort,
    int adminPort,
    URI upstream,
    Optional<String> redisUrl,
    Duration snapshotTtl,
    Duration drainTimeout,
    int maxStateBytes,
    Duration reconnectSpread,
    Optional<String> adminToken,
    int stateHeaderBudget,
    String clientPath) {

  public static final int DEFAULT_LISTEN_PORT = 8480;
  public static final int DEFAULT_ADMIN_PORT = 9480;

  public SidecarConfig {
    redisUrl = redisUrl == null ? Optional.empty() : redisUrl;
    adminToken = adminToken == null ? Optional.empty() : adminToken;
  }

  /** A config with the defaults of DESIGN.md, for embedding (tests, the local rolling deploy). */
  public static SidecarConfig defaults(String app, long version) {
    return new SidecarConfig(app, version, 1, DEFAULT_LISTEN_PORT, DEFAULT_ADMIN_PORT,
        URI.create("http://127.0.0.1:8080"), Optional.empty(), Duration.ofMinutes(10),
        Duration.ofSeconds(20), 65536, Duration.ofSeconds(2), Optional.empty(), 4096, "/_handoff/");
  }

  public SidecarConfig withPorts(int listen, int admin) {
    return new SidecarConfig(app, version, versionWindow, listen, admin, upstream, redisUrl, snapshotTtl,
        drainTimeout, maxStateBytes, reconnectSpread, adminToken, stateHeaderBudget, clientPath);
  }

  public SidecarConfig withUpstream(URI newUpstream) {
    return new SidecarConfig(app, version, versionWindow, listenPort, adminPort, newUpstream, redisUrl,
        snapshotTtl, drainTimeout, maxStateBytes, reconnectSpread, adminToken, stateHeaderBudget, clientPath);
  }

  public SidecarConfig withDrainTimeout(Duration timeout) {
    return new SidecarConfig(app, version, versionWindow, listenPort, adminPort, upstream, redisUrl,
        snapshotTtl, timeout, maxStateBytes, reconnectSpread, adminToken, stateHeaderBudget, clientPath);
  }

  public SidecarConfig withReconnectSpread(Duration spread) {
    return new SidecarConfig(app, version, versionWindow, listenPort, adminPort, upstream, redisUrl,
        snapshotTtl, drainTimeout, maxStateBytes, spread, adminToken, stateHeaderBudget, clientPath);
  }

  public SidecarConfig withMaxStateBytes(int max) {
    return new SidecarConfig(app, version, versionWindow, listenPort, adminPort, upstream, redisUrl,
        snapshotTtl, drainTimeout, max, reconnectSpread, adminToken, stateHeaderBudget, clientPath);
  }

  /** How long a client has to answer {@code drain}: three quarters of the drain, the rest is for the store. */
  public Duration answerDeadline() {
    return drainTimeout.multipliedBy(3).dividedBy(4);
  }
}
