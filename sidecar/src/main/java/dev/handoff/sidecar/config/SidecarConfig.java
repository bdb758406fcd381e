package dev.handoff.sidecar.config;

import dev.handoff.contract.LogFormat;
import dev.handoff.contract.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the sidecar is told at start-up, loaded once (see {@link ConfigLoader}) and never
 * changed.
 *
 * @param app the application name; snapshots of one app are never visible to another
 * @param version the version K of the app this pod runs
 * @param versionWindow W: a snapshot taken at K is restored by a pod at V when V-W <= K <= V
 * @param listenPort the proxied port (the app's port as the Service sees it)
 * @param adminPort health, readiness, metrics and drain; never reachable through the proxied port
 * @param upstream the app, e.g. http://127.0.0.1:8080
 * @param redisUrl one of the contract's {@link dev.handoff.contract.RedisScheme}s; empty for the
 *     in-memory store
 * @param snapshotTtl how long a snapshot waits in the store for its client
 * @param drainTimeout the whole drain, from the first {@code drain} frame to the last close
 * @param maxStateBytes the largest state a client may hand over, in UTF-8 bytes of its JSON
 * @param reconnectSpread clients reconnect after a random delay in [0, spread) so no pod faces the
 *     herd
 * @param adminToken guards POST /drain when set
 * @param stateHeaderBudget the largest {@code Handoff-State} header passed to the app, in bytes
 * @param clientPath where handoff.js is served on the proxied port
 * @param snapshotKeys when set, snapshots are sealed with AES-GCM before they reach the store
 * @param bindCookie when set, a token only restores in the browser whose cookie of that name it
 *     came from
 * @param redisWaitReplicas replicas that must acknowledge a snapshot (Redis WAIT) before the client
 *     gets its token
 * @param redisWaitTimeout how long to wait for those acknowledgements
 * @param redisCaFile PEM certificates to trust for rediss:// (a private CA); the JVM's otherwise
 * @param steering old pods send restoring clients on while a newer version has a ready pod
 * @param eventLoops event loops the proxied port is served on, like nginx's worker processes
 * @param logFormat text (logfmt) or json lines; chosen once per process, at start-up ({@code Main})
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
    String clientPath,
    Optional<SnapshotKeys> snapshotKeys,
    Optional<String> bindCookie,
    int redisWaitReplicas,
    Duration redisWaitTimeout,
    Optional<java.nio.file.Path> redisCaFile,
    boolean steering,
    int eventLoops,
    LogFormat logFormat) {

  public static final int DEFAULT_LISTEN_PORT = Settings.LISTEN_PORT.defaultValue();
  public static final int DEFAULT_ADMIN_PORT = Settings.ADMIN_PORT.defaultValue();

  public SidecarConfig {
    redisUrl = redisUrl == null ? Optional.empty() : redisUrl;
    adminToken = adminToken == null ? Optional.empty() : adminToken;
    snapshotKeys = snapshotKeys == null ? Optional.empty() : snapshotKeys;
    bindCookie = bindCookie == null ? Optional.empty() : bindCookie;
    redisCaFile = redisCaFile == null ? Optional.empty() : redisCaFile;
    logFormat = logFormat == null ? Settings.LOG_FORMAT.defaultValue() : logFormat;
  }

  /**
   * A config with the contract's defaults (one event loop), for embedding (tests, the local rolling
   * deploy).
   */
  public static SidecarConfig defaults(String app, long version) {
    return new SidecarConfig(
        app,
        version,
        Settings.VERSION_WINDOW.defaultValue(),
        DEFAULT_LISTEN_PORT,
        DEFAULT_ADMIN_PORT,
        Settings.UPSTREAM.defaultValue(),
        Optional.empty(),
        Settings.SNAPSHOT_TTL.defaultValue(),
        Settings.DRAIN_TIMEOUT.defaultValue(),
        Settings.MAX_STATE_BYTES.defaultValue(),
        Settings.RECONNECT_SPREAD.defaultValue(),
        Optional.empty(),
        Settings.STATE_HEADER_BUDGET.defaultValue(),
        Settings.CLIENT_PATH.defaultValue(),
        Optional.empty(),
        Optional.empty(),
        Settings.REDIS_WAIT_REPLICAS.defaultValue(),
        Settings.REDIS_WAIT_TIMEOUT.defaultValue(),
        Optional.empty(),
        Settings.STEERING.defaultValue(),
        1,
        Settings.LOG_FORMAT.defaultValue());
  }

  public SidecarConfig withPorts(int listen, int admin) {
    return toBuilder().listenPort(listen).adminPort(admin).build();
  }

  public SidecarConfig withUpstream(URI newUpstream) {
    return toBuilder().upstream(newUpstream).build();
  }

  public SidecarConfig withDrainTimeout(Duration timeout) {
    return toBuilder().drainTimeout(timeout).build();
  }

  public SidecarConfig withReconnectSpread(Duration spread) {
    return toBuilder().reconnectSpread(spread).build();
  }

  public SidecarConfig withMaxStateBytes(int max) {
    return toBuilder().maxStateBytes(max).build();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * For the few settings that embedding code changes; start-up reads everything through
   * ConfigLoader.
   */
  public static final class Builder {
    private String app;
    private long version;
    private int versionWindow;
    private int listenPort;
    private int adminPort;
    private URI upstream;
    private Optional<String> redisUrl;
    private Duration snapshotTtl;
    private Duration drainTimeout;
    private int maxStateBytes;
    private Duration reconnectSpread;
    private Optional<String> adminToken;
    private int stateHeaderBudget;
    private String clientPath;
    private Optional<SnapshotKeys> snapshotKeys;
    private Optional<String> bindCookie;
    private int redisWaitReplicas;
    private Duration redisWaitTimeout;
    private Optional<java.nio.file.Path> redisCaFile;
    private boolean steering;
    private int eventLoops;
    private LogFormat logFormat;

    private Builder(SidecarConfig c) {
      app = c.app;
      version = c.version;
      versionWindow = c.versionWindow;
      listenPort = c.listenPort;
      adminPort = c.adminPort;
      upstream = c.upstream;
      redisUrl = c.redisUrl;
      snapshotTtl = c.snapshotTtl;
      drainTimeout = c.drainTimeout;
      maxStateBytes = c.maxStateBytes;
      reconnectSpread = c.reconnectSpread;
      adminToken = c.adminToken;
      stateHeaderBudget = c.stateHeaderBudget;
      clientPath = c.clientPath;
      snapshotKeys = c.snapshotKeys;
      bindCookie = c.bindCookie;
      redisWaitReplicas = c.redisWaitReplicas;
      redisWaitTimeout = c.redisWaitTimeout;
      redisCaFile = c.redisCaFile;
      steering = c.steering;
      eventLoops = c.eventLoops;
      logFormat = c.logFormat;
    }

    public Builder versionWindow(int v) {
      versionWindow = v;
      return this;
    }

    public Builder listenPort(int v) {
      listenPort = v;
      return this;
    }

    public Builder adminPort(int v) {
      adminPort = v;
      return this;
    }

    public Builder upstream(URI v) {
      upstream = v;
      return this;
    }

    public Builder redisUrl(String v) {
      redisUrl = Optional.ofNullable(v);
      return this;
    }

    public Builder snapshotTtl(Duration v) {
      snapshotTtl = v;
      return this;
    }

    public Builder drainTimeout(Duration v) {
      drainTimeout = v;
      return this;
    }

    public Builder maxStateBytes(int v) {
      maxStateBytes = v;
      return this;
    }

    public Builder reconnectSpread(Duration v) {
      reconnectSpread = v;
      return this;
    }

    public Builder adminToken(String v) {
      adminToken = Optional.ofNullable(v);
      return this;
    }

    public Builder stateHeaderBudget(int v) {
      stateHeaderBudget = v;
      return this;
    }

    public Builder snapshotKeys(SnapshotKeys v) {
      snapshotKeys = Optional.ofNullable(v);
      return this;
    }

    public Builder bindCookie(String v) {
      bindCookie = Optional.ofNullable(v);
      return this;
    }

    public Builder redisWaitReplicas(int v) {
      redisWaitReplicas = v;
      return this;
    }

    public Builder steering(boolean v) {
      steering = v;
      return this;
    }

    public Builder eventLoops(int v) {
      eventLoops = v;
      return this;
    }

    public Builder logFormat(LogFormat v) {
      logFormat = v;
      return this;
    }

    public SidecarConfig build() {
      return new SidecarConfig(
          app,
          version,
          versionWindow,
          listenPort,
          adminPort,
          upstream,
          redisUrl,
          snapshotTtl,
          drainTimeout,
          maxStateBytes,
          reconnectSpread,
          adminToken,
          stateHeaderBudget,
          clientPath,
          snapshotKeys,
          bindCookie,
          redisWaitReplicas,
          redisWaitTimeout,
          redisCaFile,
          steering,
          eventLoops,
          logFormat);
    }
  }

  /**
   * How long a client has to answer {@code drain}: three quarters of the drain, the rest is for the
   * store.
   */
  public Duration answerDeadline() {
    return drainTimeout.multipliedBy(3).dividedBy(4);
  }
}
