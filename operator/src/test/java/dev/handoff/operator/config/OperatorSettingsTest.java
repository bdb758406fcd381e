package dev.handoff.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperatorSettingsTest {

  @Test
  void defaultsWorkWithAnEmptyEnvironment() {
    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of());

    assertThat(settings.namespace()).isEqualTo("handoff-system");
    assertThat(settings.healthPort()).isEqualTo(8081);
    assertThat(settings.sidecar().image()).isEqualTo("ghcr.io/handoff-dev/handoff-sidecar:0.1.0");
    assertThat(settings.sidecar().version()).isEqualTo("0.1.0");
    assertThat(settings.sidecar().nativeMode()).isEqualTo(NativeSidecarMode.AUTO);
    assertThat(settings.sidecar().redisUrlSecret()).isEmpty();
    assertThat(settings.sidecar().cpuLimit()).isEmpty();
    assertThat(settings.sidecar().memoryLimit()).contains("512Mi");
    assertThat(settings.sidecar().graceMargin()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.sidecar().snapshotKeysSecret()).isEmpty();
    assertThat(settings.sidecar().redisWait()).isEmpty();
    assertThat(settings.sidecar().redisCa()).isEmpty();
    assertThat(settings.sidecar().steering()).isTrue();
    assertThat(settings.webhook().port()).isEqualTo(8443);
    assertThat(settings.webhook().excludedNamespaces())
        .containsExactlyInAnyOrder(
            "kube-system", "kube-public", "kube-node-lease", "handoff-system");
    assertThat(settings.webhook().configurationName()).isEqualTo("handoff-operator");
    assertThat(settings.webhook().shutdownDelay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.tls().mode()).isEqualTo(TlsMode.SELF_SIGNED);
    assertThat(settings.tls().secretName()).isEqualTo("handoff-operator-tls");
    assertThat(settings.tls().certificateDirectory()).isEqualTo(Path.of("/etc/handoff/tls"));
    assertThat(settings.controller().enabled()).isTrue();
    assertThat(settings.controller().leaseName()).isEqualTo("handoff-operator-leader");
    assertThat(settings.controller().reportedRevisionsName())
        .isEqualTo("handoff-operator-rollouts");
    assertThat(settings.controller().redisUrl()).isEmpty();
    assertThat(settings.controller().redisCaFile()).isEmpty();
    assertThat(settings.controller().reportDelay()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void readsEverySettingFromTheEnvironment() {
    OperatorSettings settings =
        OperatorSettings.fromEnvironment(
            Map.ofEntries(
                Map.entry("HANDOFF_NAMESPACE", "platform"),
                Map.entry("HANDOFF_POD_NAME", "handoff-operator-abc"),
                Map.entry(
                    "HANDOFF_SIDECAR_IMAGE", "registry.local:5000/handoff/sidecar@sha256:abc"),
                Map.entry("HANDOFF_SIDECAR_VERSION", "0.1.0-rc1"),
                Map.entry("HANDOFF_NATIVE_SIDECAR", "always"),
                Map.entry("HANDOFF_REDIS_SECRET_NAME", "redis"),
                Map.entry("HANDOFF_EXCLUDED_NAMESPACES", "kube-system, monitoring"),
                Map.entry("HANDOFF_WEBHOOK_PORT", "9443"),
                Map.entry("HANDOFF_TLS_MODE", "files"),
                Map.entry("HANDOFF_REDIS_URL", "redis://:secret@redis:6379/0"),
                Map.entry("HANDOFF_REDIS_CA_FILE", "/etc/handoff/redis-ca/ca.crt"),
                Map.entry("HANDOFF_SIDECAR_CPU_LIMIT", "500m"),
                Map.entry("HANDOFF_SNAPSHOT_KEYS_SECRET_NAME", "snapshot-keys"),
                Map.entry("HANDOFF_SNAPSHOT_KEYS_SECRET_KEY", "ring"),
                Map.entry("HANDOFF_REDIS_WAIT_REPLICAS", "16"),
                Map.entry("HANDOFF_REDIS_WAIT_TIMEOUT", "250ms"),
                Map.entry("HANDOFF_REDIS_CA_CONFIGMAP_NAME", "corp-ca"),
                Map.entry("HANDOFF_REDIS_CA_KEY", "root.pem"),
                Map.entry("HANDOFF_SIDECAR_STEERING", "off"),
                Map.entry("HANDOFF_REPORT_DELAY", "0s")));

    assertThat(settings.identity()).isEqualTo("handoff-operator-abc");
    assertThat(settings.sidecar().version()).isEqualTo("0.1.0-rc1");
    assertThat(settings.sidecar().nativeMode()).isEqualTo(NativeSidecarMode.ALWAYS);
    assertThat(settings.sidecar().redisUrlSecret())
        .contains(new SecretKeyReference("redis", "url"));
    assertThat(settings.sidecar().cpuLimit()).contains("500m");
    assertThat(settings.sidecar().snapshotKeysSecret())
        .contains(new SecretKeyReference("snapshot-keys", "ring"));
    assertThat(settings.sidecar().redisWait()).contains(new RedisWait(16, Duration.ofMillis(250)));
    assertThat(settings.sidecar().redisCa())
        .contains(new RedisCaSource(RedisCaSource.Kind.CONFIG_MAP, "corp-ca", "root.pem"));
    assertThat(settings.sidecar().steering()).isFalse();
    assertThat(settings.webhook().excludedNamespaces())
        .containsExactlyInAnyOrder("kube-system", "monitoring", "platform");
    assertThat(settings.webhook().port()).isEqualTo(9443);
    assertThat(settings.tls().mode()).isEqualTo(TlsMode.FILES);
    assertThat(settings.controller().redisUrl()).contains("redis://:secret@redis:6379/0");
    assertThat(settings.controller().redisCaFile())
        .contains(Path.of("/etc/handoff/redis-ca/ca.crt"));
    assertThat(settings.controller().reportDelay()).isZero();
  }

  @Test
  void takesTheSidecarVersionFromTheImageTag() {
    assertThat(OperatorSettings.tagOf("ghcr.io/handoff-dev/handoff-sidecar:0.2.1"))
        .isEqualTo("0.2.1");
    assertThat(OperatorSettings.tagOf("registry.local:5000/sidecar")).isEqualTo("latest");
    assertThat(OperatorSettings.tagOf("registry.local:5000/sidecar:1.0@sha256:abc"))
        .isEqualTo("1.0");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "HANDOFF_WEBHOOK_PORT        | 99999     | HANDOFF_WEBHOOK_PORT: expected a port number 1-65535, got \"99999\"",
        "HANDOFF_HEALTH_PORT         | http      | HANDOFF_HEALTH_PORT: expected a port number",
        "HANDOFF_NATIVE_SIDECAR      | sometimes | HANDOFF_NATIVE_SIDECAR: expected one of auto, always, never",
        "HANDOFF_TLS_MODE            | acme      | HANDOFF_TLS_MODE: expected one of self-signed, files",
        "HANDOFF_GRACE_MARGIN        | 10        | HANDOFF_GRACE_MARGIN: expected a duration <n>ms, <n>s, <n>m or <n>h",
        "HANDOFF_SCAN_INTERVAL       | 0s        | HANDOFF_SCAN_INTERVAL: expected a positive duration",
        "HANDOFF_SIDECAR_MEMORY_LIMIT| lots      | HANDOFF_SIDECAR_MEMORY_LIMIT: expected a Kubernetes quantity",
        "HANDOFF_SIDECAR_PULL_POLICY | Sometimes | HANDOFF_SIDECAR_PULL_POLICY: expected one of",
        "HANDOFF_EXCLUDED_NAMESPACES | Kube_System | HANDOFF_EXCLUDED_NAMESPACES: expected comma-separated namespace names",
        "HANDOFF_NAMESPACE           | Handoff   | HANDOFF_NAMESPACE: expected a Kubernetes name",
        "HANDOFF_TLS_SECRET_NAME     | tls/secret| HANDOFF_TLS_SECRET_NAME: expected a Kubernetes object name",
        "HANDOFF_REDIS_URL           | redis.local:6379 | HANDOFF_REDIS_URL: expected a URL starting with redis://",
        "HANDOFF_CONTROLLER_ENABLED  | maybe     | HANDOFF_CONTROLLER_ENABLED: expected on or off",
        "HANDOFF_SNAPSHOT_KEYS_SECRET_NAME | Keys | HANDOFF_SNAPSHOT_KEYS_SECRET_NAME: expected a Secret name",
        "HANDOFF_REDIS_WAIT_REPLICAS | 17        | HANDOFF_REDIS_WAIT_REPLICAS: expected a whole number from 0 to 16, e.g. \"0\", got \"17\"",
        "HANDOFF_REDIS_WAIT_REPLICAS | one       | HANDOFF_REDIS_WAIT_REPLICAS: expected a whole number from 0 to 16",
        "HANDOFF_REDIS_WAIT_TIMEOUT  | 0s        | HANDOFF_REDIS_WAIT_TIMEOUT: expected a positive duration",
        "HANDOFF_REDIS_CA_CONFIGMAP_NAME | CA    | HANDOFF_REDIS_CA_CONFIGMAP_NAME: expected a ConfigMap name",
        "HANDOFF_SIDECAR_STEERING    | sometimes | HANDOFF_SIDECAR_STEERING: expected on or off",
      })
  void rejectsABadValueWithOneLineNamingTheVariable(
      String variable, String value, String expected) {
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of(variable, value)))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith(expected)
        .hasMessageNotContaining("\n")
        .satisfies(e -> assertThat(((InvalidSettingException) e).variable()).isEqualTo(variable));
  }

  @Test
  void neverEchoesTheRedisUrlItRejects() {
    assertThatThrownBy(
            () -> OperatorSettings.fromEnvironment(Map.of("HANDOFF_REDIS_URL", "http://:pw@x")))
        .hasMessageNotContaining("pw");
  }

  @Test
  void rejectsHealthPortEqualToWebhookPort() {
    assertThatThrownBy(
            () -> OperatorSettings.fromEnvironment(Map.of("HANDOFF_HEALTH_PORT", "8443")))
        .hasMessage("HANDOFF_HEALTH_PORT: must differ from HANDOFF_WEBHOOK_PORT (8443)");
  }

  @Test
  void takesTheSnapshotKeysFromTheKeyNamedKeysByDefault() {
    assertThat(
            OperatorSettings.fromEnvironment(
                    Map.of("HANDOFF_SNAPSHOT_KEYS_SECRET_NAME", "snapshot-keys"))
                .sidecar()
                .snapshotKeysSecret())
        .contains(new SecretKeyReference("snapshot-keys", "keys"));
  }

  @Test
  void readsTheRedisCaFromTheKeyCaCrtOfASecretByDefault() {
    assertThat(
            OperatorSettings.fromEnvironment(
                    Map.of(
                        "HANDOFF_REDIS_SECRET_NAME", "redis",
                        "HANDOFF_REDIS_CA_SECRET_NAME", "corp-ca"))
                .sidecar()
                .redisCa())
        .contains(new RedisCaSource(RedisCaSource.Kind.SECRET, "corp-ca", "ca.crt"));
  }

  @Test
  void refusesACaFromASecretAndAConfigMapAtOnce() {
    assertThatThrownBy(
            () ->
                OperatorSettings.fromEnvironment(
                    Map.of(
                        "HANDOFF_REDIS_SECRET_NAME", "redis",
                        "HANDOFF_REDIS_CA_SECRET_NAME", "corp-ca",
                        "HANDOFF_REDIS_CA_CONFIGMAP_NAME", "corp-ca")))
        .hasMessage(
            "HANDOFF_REDIS_CA_CONFIGMAP_NAME: set either HANDOFF_REDIS_CA_SECRET_NAME or"
                + " HANDOFF_REDIS_CA_CONFIGMAP_NAME, not both");
  }

  @ParameterizedTest
  @CsvSource({
    "HANDOFF_REDIS_WAIT_REPLICAS, 1",
    "HANDOFF_REDIS_CA_SECRET_NAME, corp-ca",
    "HANDOFF_REDIS_CA_CONFIGMAP_NAME, corp-ca"
  })
  void refusesRedisOnlySettingsWhenSidecarsHaveNoRedis(String variable, String value) {
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of(variable, value)))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith(variable + ": needs HANDOFF_REDIS_SECRET_NAME");
  }

  @Test
  void leavesReplicaAcknowledgementOffAtZeroReplicas() {
    assertThat(
            OperatorSettings.fromEnvironment(
                    Map.of(
                        "HANDOFF_REDIS_WAIT_REPLICAS", "0",
                        "HANDOFF_REDIS_WAIT_TIMEOUT", "5s"))
                .sidecar()
                .redisWait())
        .isEmpty();
  }

  @Test
  void treatsBlankAsUnset() {
    assertThat(
            OperatorSettings.fromEnvironment(Map.of("HANDOFF_REDIS_SECRET_NAME", " "))
                .sidecar()
                .redisUrlSecret())
        .isEqualTo(Optional.empty());
  }

  @Test
  void acceptsTheRedisClusterUrlsTheSidecarsConnectWith() {
    assertThat(
            OperatorSettings.fromEnvironment(
                    Map.of("HANDOFF_REDIS_URL", "redis-cluster://redis-0:6379,redis-1:6379"))
                .controller()
                .redisUrl())
        .contains("redis-cluster://redis-0:6379,redis-1:6379");
    assertThat(
            OperatorSettings.fromEnvironment(
                    Map.of("HANDOFF_REDIS_URL", "rediss-cluster://redis-0:6379"))
                .controller()
                .redisUrl())
        .contains("rediss-cluster://redis-0:6379");
  }

  @Test
  void refusesAClusterUrlTheSidecarsRefuseWithoutEchoingIt() {
    assertThatThrownBy(
            () ->
                OperatorSettings.fromEnvironment(
                    Map.of("HANDOFF_REDIS_URL", "redis-cluster://u:secret@[::1]:6379,[::2]:6379")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("HANDOFF_REDIS_URL: ")
        .hasMessageContaining("IPv6")
        .message()
        .doesNotContain("secret");
  }
}
