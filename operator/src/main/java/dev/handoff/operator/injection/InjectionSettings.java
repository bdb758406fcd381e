package dev.handoff.operator.injection;

import dev.handoff.contract.LogFormat;
import dev.handoff.operator.config.OperatorSettings;
import dev.handoff.operator.config.RedisCaSource;
import dev.handoff.operator.config.RedisWait;
import dev.handoff.operator.config.SecretKeyReference;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The operator-wide half of every injection; the other half comes from the pod's annotations. */
public record InjectionSettings(
    String image,
    String sidecarVersion,
    String pullPolicy,
    Map<String, String> requests,
    Map<String, String> limits,
    String javaOptions,
    boolean nativeSidecar,
    Optional<SecretKeyReference> redisUrlSecret,
    Optional<SecretKeyReference> adminTokenSecret,
    Optional<SecretKeyReference> snapshotKeysSecret,
    Duration reconnectSpread,
    Duration graceMargin,
    Optional<RedisWait> redisWait,
    Optional<RedisCaSource> redisCa,
    boolean steering,
    boolean scrapeAnnotations,
    LogFormat logFormat) {

  public InjectionSettings {
    requests = Map.copyOf(requests);
    limits = Map.copyOf(limits);
  }

  public static InjectionSettings from(OperatorSettings.Sidecar sidecar, boolean nativeSidecar) {
    Map<String, String> requests = new TreeMap<>();
    sidecar.cpuRequest().ifPresent(value -> requests.put("cpu", value));
    sidecar.memoryRequest().ifPresent(value -> requests.put("memory", value));
    Map<String, String> limits = new TreeMap<>();
    sidecar.cpuLimit().ifPresent(value -> limits.put("cpu", value));
    sidecar.memoryLimit().ifPresent(value -> limits.put("memory", value));
    return new InjectionSettings(
        sidecar.image(),
        sidecar.version(),
        sidecar.pullPolicy(),
        requests,
        limits,
        sidecar.javaOptions(),
        nativeSidecar,
        sidecar.redisUrlSecret(),
        sidecar.adminTokenSecret(),
        sidecar.snapshotKeysSecret(),
        sidecar.reconnectSpread(),
        sidecar.graceMargin(),
        sidecar.redisWait(),
        sidecar.redisCa(),
        sidecar.steering(),
        sidecar.scrapeAnnotations(),
        sidecar.logFormat());
  }
}
