package dev.handoff.operator.config;

import dev.handoff.contract.InvalidValueException;
import dev.handoff.contract.LogFormat;
import dev.handoff.contract.RedisClusterUrl;
import dev.handoff.contract.RedisScheme;
import dev.handoff.contract.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Everything the operator is told through its environment, read once at start-up. */
public record OperatorSettings(
    String namespace,
    String identity,
    int healthPort,
    Sidecar sidecar,
    Webhook webhook,
    Tls tls,
    Controller controller) {

  public static final String DEFAULT_SIDECAR_IMAGE = "ghcr.io/handoff-dev/handoff-sidecar:0.1.0";

  /**
   * The sidecar image's own JAVA_TOOL_OPTIONS (sidecar/Dockerfile): setting the variable replaces
   * the image's, so the two must agree. C2 on, start-up from the image's class-data archive
   * (app.jsa).
   */
  public static final String DEFAULT_JAVA_OPTIONS =
      "-XX:+UseSerialGC -Xss512k -XX:MaxRAMPercentage=70 -XX:InitialRAMPercentage=30 -Xmn4m"
          + " -XX:+ExitOnOutOfMemoryError -XX:TrimNativeHeapInterval=5000 -XX:-UsePerfData"
          + " -XX:CICompilerCount=2 -XX:SharedArchiveFile=/opt/handoff/app.jsa";

  /** How the injected sidecar container looks. */
  public record Sidecar(
      String image,
      String version,
      String pullPolicy,
      Optional<String> cpuRequest,
      Optional<String> memoryRequest,
      Optional<String> cpuLimit,
      Optional<String> memoryLimit,
      String javaOptions,
      NativeSidecarMode nativeMode,
      Optional<SecretKeyReference> redisUrlSecret,
      Optional<SecretKeyReference> adminTokenSecret,
      Optional<SecretKeyReference> snapshotKeysSecret,
      Duration reconnectSpread,
      Duration graceMargin,
      Optional<RedisWait> redisWait,
      Optional<RedisCaSource> redisCa,
      boolean steering,
      boolean scrapeAnnotations,
      LogFormat logFormat) {}

  /**
   * The admission endpoint and the cluster objects that point at it. {@code shutdownDelay}: how
   * long after SIGTERM the webhook, already unready, keeps answering the reviews the API server
   * sends until its endpoints update.
   */
  public record Webhook(
      int port,
      Set<String> excludedNamespaces,
      String serviceName,
      String configurationName,
      Duration shutdownDelay) {}

  /** Where the serving certificate comes from. */
  public record Tls(TlsMode mode, String secretName, Path certificateDirectory) {}

  /** The leader-elected rollout controller. */
  public record Controller(
      boolean enabled,
      String leaseName,
      /**
       * The ConfigMap (operator namespace) that remembers which revision of each Deployment was
       * reported.
       */
      String reportedRevisionsName,
      Optional<String> redisUrl,
      Optional<Path> redisCaFile,
      Duration reportDelay,
      Duration scanInterval) {}

  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    EnvironmentReader read = new EnvironmentReader(env);
    String namespace = read.dnsLabel("HANDOFF_NAMESPACE", "handoff-system");
    String identity =
        read.optional("HANDOFF_POD_NAME")
            .or(() -> read.optional("HOSTNAME"))
            .orElse("handoff-operator");

    String image = read.text("HANDOFF_SIDECAR_IMAGE", DEFAULT_SIDECAR_IMAGE);
    if (image.chars().anyMatch(Character::isWhitespace)) {
      throw new InvalidSettingException(
          "HANDOFF_SIDECAR_IMAGE", "expected an image reference, got \"" + image + "\"");
    }
    Sidecar sidecar =
        new Sidecar(
            image,
            read.text("HANDOFF_SIDECAR_VERSION", tagOf(image)),
            read.oneOf(
                "HANDOFF_SIDECAR_PULL_POLICY",
                "IfNotPresent",
                Set.of("Always", "IfNotPresent", "Never")),
            read.quantity("HANDOFF_SIDECAR_CPU_REQUEST", "50m"),
            read.quantity("HANDOFF_SIDECAR_MEMORY_REQUEST", "160Mi"),
            read.quantity("HANDOFF_SIDECAR_CPU_LIMIT", "none"),
            read.quantity("HANDOFF_SIDECAR_MEMORY_LIMIT", "512Mi"),
            read.text("HANDOFF_SIDECAR_JAVA_OPTIONS", DEFAULT_JAVA_OPTIONS),
            read.choice("HANDOFF_NATIVE_SIDECAR", NativeSidecarMode.class, NativeSidecarMode.AUTO),
            read.secretKey("HANDOFF_REDIS_SECRET_NAME", "HANDOFF_REDIS_SECRET_KEY", "url"),
            read.secretKey(
                "HANDOFF_ADMIN_TOKEN_SECRET_NAME", "HANDOFF_ADMIN_TOKEN_SECRET_KEY", "token"),
            read.secretKey(
                "HANDOFF_SNAPSHOT_KEYS_SECRET_NAME", "HANDOFF_SNAPSHOT_KEYS_SECRET_KEY", "keys"),
            read.sidecarSetting(
                "HANDOFF_RECONNECT_SPREAD",
                Settings.RECONNECT_SPREAD,
                Settings.RECONNECT_SPREAD.defaultValue()),
            read.duration("HANDOFF_GRACE_MARGIN", Duration.ofSeconds(10), true),
            redisWait(read),
            read.redisCa(
                "HANDOFF_REDIS_CA_SECRET_NAME",
                "HANDOFF_REDIS_CA_CONFIGMAP_NAME",
                "HANDOFF_REDIS_CA_KEY",
                "ca.crt"),
            read.sidecarSetting(
                "HANDOFF_SIDECAR_STEERING", Settings.STEERING, Settings.STEERING.defaultValue()),
            // prometheus.io/* annotations on injected pods, for Prometheus set up to scrape by
            // annotation.
            read.onOff("HANDOFF_SCRAPE_ANNOTATIONS", false),
            // The operator's own lines and, unless a pod's handoff.dev/log-format says otherwise,
            // its sidecars'.
            read.sidecarSetting(
                "HANDOFF_LOG_FORMAT", Settings.LOG_FORMAT, Settings.LOG_FORMAT.defaultValue()));
    // Both only change how sidecars talk to Redis: without a Redis URL they would be silently
    // ignored.
    if (sidecar.redisUrlSecret().isEmpty()) {
      sidecar
          .redisWait()
          .ifPresent(
              wait -> {
                throw new InvalidSettingException(
                    "HANDOFF_REDIS_WAIT_REPLICAS",
                    "needs HANDOFF_REDIS_SECRET_NAME:"
                        + " sidecars without Redis keep snapshots in memory, where there are no replicas to wait for");
              });
      sidecar
          .redisCa()
          .ifPresent(
              ca -> {
                throw new InvalidSettingException(
                    ca.kind() == RedisCaSource.Kind.SECRET
                        ? "HANDOFF_REDIS_CA_SECRET_NAME"
                        : "HANDOFF_REDIS_CA_CONFIGMAP_NAME",
                    "needs HANDOFF_REDIS_SECRET_NAME: sidecars without Redis have no TLS connection to trust a"
                        + " CA for");
              });
    }

    // The operator's own namespace is always excluded: its pods must start even while its webhook
    // is down.
    Set<String> excluded =
        new HashSet<>(
            read.nameList(
                "HANDOFF_EXCLUDED_NAMESPACES", "kube-system,kube-public,kube-node-lease"));
    excluded.add(namespace);
    Webhook webhook =
        new Webhook(
            read.port("HANDOFF_WEBHOOK_PORT", 8443),
            Set.copyOf(excluded),
            read.dnsLabel("HANDOFF_WEBHOOK_SERVICE_NAME", "handoff-operator"),
            read.resourceName("HANDOFF_WEBHOOK_CONFIGURATION_NAME", "handoff-operator"),
            read.duration("HANDOFF_SHUTDOWN_DELAY", Duration.ofSeconds(5), true));

    Tls tls =
        new Tls(
            read.choice("HANDOFF_TLS_MODE", TlsMode.class, TlsMode.SELF_SIGNED),
            read.resourceName("HANDOFF_TLS_SECRET_NAME", "handoff-operator-tls"),
            Path.of(read.text("HANDOFF_TLS_CERT_DIR", "/etc/handoff/tls")));

    Controller controller =
        new Controller(
            read.onOff("HANDOFF_CONTROLLER_ENABLED", true),
            read.resourceName("HANDOFF_LEASE_NAME", "handoff-operator-leader"),
            read.resourceName("HANDOFF_ROLLOUTS_CONFIGMAP_NAME", "handoff-operator-rollouts"),
            read.optional("HANDOFF_REDIS_URL"),
            read.optional("HANDOFF_REDIS_CA_FILE").map(Path::of),
            read.duration("HANDOFF_REPORT_DELAY", Duration.ofSeconds(60), true),
            read.duration("HANDOFF_SCAN_INTERVAL", Duration.ofSeconds(60), false));
    controller
        .redisUrl()
        .ifPresent(
            url -> {
              // The sidecars' own schemes: the controller reads the counters from the Redis they
              // write to.
              if (RedisScheme.of(url).isEmpty()) {
                throw new InvalidSettingException(
                    "HANDOFF_REDIS_URL",
                    "expected a URL starting with " + RedisScheme.ACCEPTED_FORM);
              }
              if (RedisScheme.of(url).get().cluster()) {
                // The seeds the counter source starts from, refused as the sidecars refuse them.
                try {
                  RedisClusterUrl.seeds(url);
                } catch (InvalidValueException e) {
                  throw new InvalidSettingException("HANDOFF_REDIS_URL", e.reason());
                }
              }
            });

    int healthPort = read.port("HANDOFF_HEALTH_PORT", 8081);
    if (healthPort == webhook.port()) {
      throw new InvalidSettingException(
          "HANDOFF_HEALTH_PORT", "must differ from HANDOFF_WEBHOOK_PORT (" + webhook.port() + ")");
    }
    return new OperatorSettings(namespace, identity, healthPort, sidecar, webhook, tls, controller);
  }

  /**
   * Off (0 replicas, the default) leaves both variables out, so the sidecar's own defaults apply.
   */
  private static Optional<RedisWait> redisWait(EnvironmentReader read) {
    int replicas =
        read.sidecarSetting(
            "HANDOFF_REDIS_WAIT_REPLICAS",
            Settings.REDIS_WAIT_REPLICAS,
            Settings.REDIS_WAIT_REPLICAS.defaultValue());
    Duration timeout =
        read.sidecarSetting(
            "HANDOFF_REDIS_WAIT_TIMEOUT",
            Settings.REDIS_WAIT_TIMEOUT,
            Settings.REDIS_WAIT_TIMEOUT.defaultValue());
    return replicas == 0 ? Optional.empty() : Optional.of(new RedisWait(replicas, timeout));
  }

  /** The image tag names the sidecar version stamped on pods unless told otherwise. */
  static String tagOf(String image) {
    String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int slash = withoutDigest.lastIndexOf('/');
    int colon = withoutDigest.lastIndexOf(':');
    return colon > slash ? withoutDigest.substring(colon + 1) : "latest";
  }
}
