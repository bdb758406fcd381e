package dev.handoff.helm;

import static dev.handoff.helm.ChartDefaultsTest.rules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.handoff.helm.ChartRender.Rendered;
import dev.handoff.operator.config.OperatorSettings;
import dev.handoff.operator.config.RedisCaSource;
import dev.handoff.operator.config.RedisWait;
import dev.handoff.operator.config.SecretKeyReference;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each option set renders what it promises, and values the schema forbids never render at all. */
class ChartOptionsTest {

  @Test
  void optingIntoThePrometheusOperatorRendersBothMonitorsWithItsLabelsBesideTheDashboard() {
    Rendered chart =
        ChartRender.with(
            """
                metrics:
                  prometheusOperator: {enabled: true, labels: {release: kube-prometheus-stack}}
                """);

    assertThat(chart.kind("ServiceMonitor"))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m.getMetadata().getLabels())
                    .containsEntry("release", "kube-prometheus-stack"));
    assertThat(chart.kind("PodMonitor"))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m.getMetadata().getLabels())
                    .containsEntry("release", "kube-prometheus-stack"));
    assertThat(chart.find(ConfigMap.class, "handoff-dashboard")).isPresent();
  }

  @Test
  void optingIntoThePrometheusOperatorRendersTheAlertsOfTheShippedRulesFile() throws Exception {
    Rendered chart =
        ChartRender.with(
            """
                metrics:
                  prometheusOperator: {enabled: true, labels: {release: kube-prometheus-stack}}
                """);
    String rulesFile = Files.readString(ChartRender.CHART.resolve("rules/handoff.rules.yaml"));

    GenericKubernetesResource rule = single(chart.kind("PrometheusRule"));
    assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
    List<Map<String, Object>> groups = rule.get("spec", "groups");
    assertThat(groups)
        .singleElement()
        .satisfies(
            group -> {
              List<Map<String, Object>> rules = (List<Map<String, Object>>) group.get("rules");
              assertThat(rules)
                  .extracting(r -> r.get("alert"))
                  .containsExactly(
                      "HandoffSessionsLost",
                      "HandoffSnapshotStoreFailing",
                      "HandoffPodsWithoutSidecar",
                      "HandoffWebhookAdmittingWithoutSidecar",
                      "HandoffControllerWithoutLeader");
              // Alert templates pass through helm untouched (.Files.Get is not templated).
              assertThat(rules.get(0).toString()).contains("{{ $labels.namespace }}");
            });
    assertThat(ChartRender.with("").kind("PrometheusRule")).isEmpty();
    assertThat(
            ChartRender.with("metrics: {prometheusRule: {enabled: true}}\n").kind("PrometheusRule"))
        .hasSize(1);
    // The alerts query only metrics the dashboard does, whose existence DashboardMetricsTest
    // proves.
    String dashboard = Files.readString(ChartRender.CHART.resolve("dashboards/handoff.json"));
    Matcher metric = Pattern.compile("handoff_[a-z_]+").matcher(rulesFile);
    while (metric.find()) {
      assertThat(dashboard).as("metric %s of an alert", metric.group()).contains(metric.group());
    }
  }

  @Test
  void scrapeAnnotationsOffLeavesPodsUnannotated() {
    Rendered chart = ChartRender.with("metrics: {scrapeAnnotations: false}\n");

    assertThat(chart.operatorEnvValue("HANDOFF_SCRAPE_ANNOTATIONS")).isEqualTo("off");
    assertThat(chart.operator().getSpec().getTemplate().getMetadata().getAnnotations())
        .isNullOrEmpty();
  }

  @Test
  void addsTheMonitorsWithTheLabelsPrometheusSelectsOn() {
    Rendered chart =
        ChartRender.with(
            """
                metrics:
                  serviceMonitor: {enabled: true, labels: {release: kube-prometheus-stack}}
                  podMonitor: {enabled: true, labels: {release: kube-prometheus-stack}}
                """);

    GenericKubernetesResource serviceMonitor = single(chart.kind("ServiceMonitor"));
    assertThat(serviceMonitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(serviceMonitor.getMetadata().getLabels())
        .containsEntry("release", "kube-prometheus-stack");
    assertThat(serviceMonitor.<Map<String, String>>get("spec", "selector", "matchLabels"))
        .isEqualTo(chart.operator().getSpec().getSelector().getMatchLabels());
    Map<String, Object> endpoint =
        serviceMonitor.<List<Map<String, Object>>>get("spec", "endpoints").get(0);
    assertThat(endpoint)
        .contains(
            entry("port", "http-metrics"), entry("path", "/metrics"), entry("honorLabels", true));

    GenericKubernetesResource podMonitor = single(chart.kind("PodMonitor"));
    assertThat(podMonitor.getMetadata().getLabels())
        .containsEntry("release", "kube-prometheus-stack");
    assertThat(podMonitor.<Boolean>get("spec", "namespaceSelector", "any")).isTrue();
    // The port name the operator gives the injected sidecar's admin port
    // (SidecarContainer.ADMIN_PORT_NAME).
    assertThat(podMonitor.<List<Map<String, Object>>>get("spec", "podMetricsEndpoints"))
        .singleElement()
        .satisfies(
            e -> assertThat(e).contains(entry("port", "handoff-admin"), entry("path", "/metrics")));
  }

  @Test
  void writesThePasswordAndTheSidecarUrlSecretsWhenGivenAPassword() {
    Rendered chart =
        ChartRender.with(
            """
                redis:
                  auth: {password: s3cret-s3cret-s3cret}
                sidecar:
                  redisUrlSecret: {namespaces: [shop, blog]}
                """);

    Secret password = chart.named(Secret.class, "handoff-redis");
    assertThat(password.getMetadata().getNamespace()).isEqualTo("handoff-system");
    assertThat(password.getStringData())
        .containsEntry("password", "s3cret-s3cret-s3cret")
        .containsEntry(
            "url", "redis://:s3cret-s3cret-s3cret@handoff-redis.handoff-system.svc:6379/0");
    assertThat(chart.all(Secret.class))
        .filteredOn(s -> s.getMetadata().getName().equals("handoff-redis-url"))
        .extracting(s -> s.getMetadata().getNamespace() + "=" + s.getStringData().get("url"))
        .containsExactlyInAnyOrder(
            "shop=redis://:s3cret-s3cret-s3cret@handoff-redis.handoff-system.svc:6379/0",
            "blog=redis://:s3cret-s3cret-s3cret@handoff-redis.handoff-system.svc:6379/0");
  }

  @Test
  void refusesToWriteSidecarUrlSecretsWithoutKnowingThePassword() {
    assertThatThrownBy(
            () ->
                ChartRender.template(
                    """
                sidecar:
                  redisUrlSecret: {namespaces: [shop]}
                """))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("redis.auth.password");
  }

  @Test
  void readsThePasswordOfAnExistingSecret() {
    Rendered chart =
        ChartRender.with(
            """
                redis:
                  auth: {existingSecret: corp-redis, existingSecretKey: pw}
                """);

    assertThat(chart.find(Secret.class, "handoff-redis")).isEmpty();
    assertThat(chart.operatorEnv().get("REDIS_PASSWORD").getValueFrom().getSecretKeyRef())
        .satisfies(
            ref -> assertThat(ref.getName() + "/" + ref.getKey()).isEqualTo("corp-redis/pw"));
    assertThat(
            chart
                .named(Deployment.class, "handoff-redis")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv())
        .allSatisfy(
            var ->
                assertThat(var.getValueFrom().getSecretKeyRef().getName()).isEqualTo("corp-redis"));
  }

  @Test
  void pointsAtAnExistingRedisOverTls() {
    Rendered chart =
        ChartRender.with(
            """
                redis:
                  enabled: false
                  auth: {existingSecret: corp-redis, username: handoff}
                  external: {host: redis.corp.example, port: 6380, database: 2, tls: true}
                """);

    assertThat(chart.find(Deployment.class, "handoff-redis")).isEmpty();
    assertThat(chart.operatorEnvValue("HANDOFF_REDIS_URL"))
        .isEqualTo("rediss://handoff:$(REDIS_PASSWORD)@redis.corp.example:6380/2");
    assertThat(chart.operatorEnvValue("HANDOFF_REDIS_SECRET_NAME")).isEqualTo("handoff-redis-url");
  }

  @Test
  void pointsAtAnExistingRedisThroughSentinel() {
    Rendered chart =
        ChartRender.with(
            """
                redis:
                  enabled: false
                  auth: {existingSecret: corp-redis}
                  external:
                    sentinel: {masterName: mymaster, nodes: ["s1.corp:26379", "s2.corp:26379"]}
                """);

    assertThat(chart.operatorEnvValue("HANDOFF_REDIS_URL"))
        .isEqualTo("redis-sentinel://:$(REDIS_PASSWORD)@s1.corp:26379,s2.corp:26379/0#mymaster");
  }

  @Test
  void leavesSidecarsWithoutRedisWhenNoneIsConfigured() {
    Rendered chart = ChartRender.with("redis: {enabled: false}\n");

    assertThat(chart.operatorEnv())
        .doesNotContainKeys("HANDOFF_REDIS_SECRET_NAME", "HANDOFF_REDIS_URL", "REDIS_PASSWORD");
    assertThat(chart.find(Deployment.class, "handoff-redis")).isEmpty();
  }

  @Test
  void letsCertManagerIssueTheCertificateAndInjectTheCa() {
    Rendered chart = ChartRender.with("tls: {mode: certManager}\n");

    GenericKubernetesResource certificate = single(chart.kind("Certificate"));
    assertThat(certificate.<String>get("spec", "secretName")).isEqualTo("handoff-operator-tls");
    assertThat(certificate.<List<String>>get("spec", "dnsNames"))
        .contains("handoff-operator.handoff-system.svc");
    assertThat(certificate.<String>get("spec", "privateKey", "encoding")).isEqualTo("PKCS8");
    assertThat(single(chart.kind("Issuer")).getMetadata().getName())
        .isEqualTo(certificate.<String>get("spec", "issuerRef", "name"));
    assertThat(chart.one(MutatingWebhookConfiguration.class).getMetadata().getAnnotations())
        .containsEntry("cert-manager.io/inject-ca-from", "handoff-system/handoff-operator");
    assertThat(chart.operatorEnvValue("HANDOFF_TLS_MODE")).isEqualTo("files");
    assertThat(chart.operator().getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .extracting(v -> v.getSecret().getSecretName())
        .containsExactly("handoff-operator-tls");
    // The operator neither writes the caBundle nor keeps a Secret in this mode: no permission for
    // either.
    assertThat(rules(chart.one(ClusterRole.class).getRules()))
        .doesNotContainKey(
            "admissionregistration.k8s.io/mutatingwebhookconfigurations[handoff-operator]");
    assertThat(rules(chart.one(Role.class).getRules()).keySet())
        .noneMatch(key -> key.contains("secrets"));
  }

  @Test
  void signsWithTheGivenIssuer() {
    Rendered chart =
        ChartRender.with(
            """
                tls: {mode: certManager, certManager: {issuerRef: {name: corp-ca, kind: ClusterIssuer}}}
                """);

    assertThat(chart.kind("Issuer")).isEmpty();
    assertThat(single(chart.kind("Certificate")).<Map<String, Object>>get("spec", "issuerRef"))
        .contains(
            entry("name", "corp-ca"),
            entry("kind", "ClusterIssuer"),
            entry("group", "cert-manager.io"));
  }

  @Test
  void failsClosedWithExtraExclusionsAndAnOptInNamespaceSelector() {
    Rendered chart =
        ChartRender.with(
            """
                webhook:
                  failurePolicy: Fail
                  timeoutSeconds: 3
                  excludedNamespaces: [monitoring, kube-public]
                  namespaceSelector:
                    matchLabels: {handoff.dev/injection: enabled}
                  objectSelector:
                    matchLabels: {handoff.dev/inject: "true"}
                """);
    MutatingWebhook webhook = chart.one(MutatingWebhookConfiguration.class).getWebhooks().get(0);

    assertThat(webhook.getFailurePolicy()).isEqualTo("Fail");
    assertThat(webhook.getTimeoutSeconds()).isEqualTo(3);
    assertThat(webhook.getNamespaceSelector().getMatchLabels())
        .containsEntry("handoff.dev/injection", "enabled");
    LabelSelectorRequirement exclusion =
        webhook.getNamespaceSelector().getMatchExpressions().get(0);
    assertThat(exclusion.getValues())
        .containsExactlyInAnyOrder("kube-system", "handoff-system", "monitoring", "kube-public");
    assertThat(webhook.getObjectSelector().getMatchLabels())
        .containsEntry("handoff.dev/inject", "true");
    assertThat(chart.operatorEnvValue("HANDOFF_EXCLUDED_NAMESPACES"))
        .isEqualTo("handoff-system,kube-public,kube-system,monitoring");
  }

  @Test
  void dropsTheLeaseAndTheWatchesWhenTheControllerIsOff() {
    Rendered chart = ChartRender.with("operator: {controller: {enabled: false}}\n");

    assertThat(rules(chart.one(ClusterRole.class).getRules()))
        .containsOnly(
            entry(
                "admissionregistration.k8s.io/mutatingwebhookconfigurations[handoff-operator]",
                List.of("get", "list", "watch", "patch")),
            entry("apps/replicasets", List.of("get")));
    assertThat(rules(chart.one(Role.class).getRules()).keySet())
        .noneMatch(key -> key.contains("leases"));
    assertThat(chart.operatorEnvValue("HANDOFF_CONTROLLER_ENABLED")).isEqualTo("false");
    assertThat(chart.operatorEnv()).doesNotContainKeys("HANDOFF_LEASE_NAME", "HANDOFF_REDIS_URL");
  }

  @Test
  void passesSidecarSettingsToTheOperator() {
    Rendered chart =
        ChartRender.with(
            """
                sidecar:
                  image: {repository: registry.corp/handoff-sidecar, tag: "0.2.0", pullPolicy: Always}
                  # null drops a default: Helm merges these maps with values.yaml.
                  resources: {requests: {cpu: 100m, memory: null}, limits: {cpu: "1", memory: 512Mi}}
                  nativeSidecar: never
                  adminTokenSecret: {name: handoff-admin}
                """);

    assertThat(chart.operatorEnv())
        .hasEntrySatisfying(
            "HANDOFF_SIDECAR_IMAGE",
            v -> assertThat(v.getValue()).isEqualTo("registry.corp/handoff-sidecar:0.2.0"));
    assertThat(
            Map.of(
                "pull", chart.operatorEnvValue("HANDOFF_SIDECAR_PULL_POLICY"),
                "cpuRequest", chart.operatorEnvValue("HANDOFF_SIDECAR_CPU_REQUEST"),
                "memoryRequest", chart.operatorEnvValue("HANDOFF_SIDECAR_MEMORY_REQUEST"),
                "cpuLimit", chart.operatorEnvValue("HANDOFF_SIDECAR_CPU_LIMIT"),
                "memoryLimit", chart.operatorEnvValue("HANDOFF_SIDECAR_MEMORY_LIMIT"),
                "native", chart.operatorEnvValue("HANDOFF_NATIVE_SIDECAR"),
                "adminToken",
                    chart.operatorEnvValue("HANDOFF_ADMIN_TOKEN_SECRET_NAME")
                        + "/"
                        + chart.operatorEnvValue("HANDOFF_ADMIN_TOKEN_SECRET_KEY")))
        .containsOnly(
            entry("pull", "Always"),
            entry("cpuRequest", "100m"),
            entry("memoryRequest", "none"),
            entry("cpuLimit", "1"),
            entry("memoryLimit", "512Mi"),
            entry("native", "never"),
            entry("adminToken", "handoff-admin/token"));
  }

  @Test
  void pointsSidecarsAtTheSnapshotKeysSecretAndTurnsSteeringOff() {
    Rendered chart =
        ChartRender.with(
            """
                sidecar:
                  snapshotKeys: {existingSecret: handoff-snapshot-keys}
                  steering: false
                """);

    assertThat(chart.operatorEnvValue("HANDOFF_SNAPSHOT_KEYS_SECRET_NAME"))
        .isEqualTo("handoff-snapshot-keys");
    assertThat(chart.operatorEnvValue("HANDOFF_SNAPSHOT_KEYS_SECRET_KEY")).isEqualTo("keys");
    assertThat(chart.operatorEnvValue("HANDOFF_SIDECAR_STEERING")).isEqualTo("off");
    // The keys themselves never pass through the chart: only the Secret's name does.
    assertThat(chart.all(Secret.class))
        .noneMatch(s -> s.getMetadata().getName().contains("snapshot"));
  }

  @Test
  void asksSentinelReplicasToAcknowledgeEverySnapshot() {
    Rendered chart =
        ChartRender.with(
            """
                redis:
                  enabled: false
                  auth: {existingSecret: corp-redis}
                  waitReplicas: 1
                  waitTimeout: 500ms
                  external:
                    sentinel: {masterName: mymaster, nodes: ["s1.corp:26379", "s2.corp:26379"]}
                """);

    assertThat(chart.operatorEnvValue("HANDOFF_REDIS_WAIT_REPLICAS")).isEqualTo("1");
    assertThat(chart.operatorEnvValue("HANDOFF_REDIS_WAIT_TIMEOUT")).isEqualTo("500ms");
  }

  @Test
  void trustsAPrivateCaForAnExternalRedisOverTls() {
    Rendered chart =
        ChartRender.with(
            """
                redis:
                  enabled: false
                  auth: {existingSecret: corp-redis}
                  tls: {caSecret: corp-redis-ca, caKey: root.pem}
                  external: {host: redis.corp.example, tls: true}
                """);

    assertThat(chart.operatorEnvValue("HANDOFF_REDIS_CA_SECRET_NAME")).isEqualTo("corp-redis-ca");
    assertThat(chart.operatorEnvValue("HANDOFF_REDIS_CA_KEY")).isEqualTo("root.pem");
    // The controller's own connection trusts the same CA, mounted from the release namespace.
    assertThat(chart.operatorEnvValue("HANDOFF_REDIS_CA_FILE"))
        .isEqualTo("/etc/handoff/redis-ca/ca.crt");
    PodSpec pod = chart.operator().getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .filteredOn(m -> m.getName().equals("redis-ca"))
        .singleElement()
        .satisfies(
            mount -> {
              assertThat(mount.getMountPath()).isEqualTo("/etc/handoff/redis-ca");
              assertThat(mount.getReadOnly()).isTrue();
            });
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals("redis-ca"))
        .singleElement()
        .satisfies(
            volume -> {
              assertThat(volume.getSecret().getSecretName()).isEqualTo("corp-redis-ca");
              assertThat(volume.getSecret().getOptional()).isTrue();
              assertThat(volume.getSecret().getItems())
                  .singleElement()
                  .satisfies(
                      item ->
                          assertThat(item.getKey() + "->" + item.getPath())
                              .isEqualTo("root.pem->ca.crt"));
            });
  }

  @Test
  void mountsNoCaIntoTheOperatorWhenItsControllerNeverConnects() {
    Rendered chart =
        ChartRender.with(
            """
                operator: {controller: {enabled: false}}
                redis:
                  enabled: false
                  tls: {caSecret: corp-redis-ca}
                  external: {host: redis.corp.example, tls: true}
                """);

    assertThat(chart.operatorEnvValue("HANDOFF_REDIS_CA_SECRET_NAME")).isEqualTo("corp-redis-ca");
    assertThat(chart.operatorEnv()).doesNotContainKey("HANDOFF_REDIS_CA_FILE");
    assertThat(chart.operator().getSpec().getTemplate().getSpec().getVolumes())
        .extracting(Volume::getName)
        .doesNotContain("redis-ca");
  }

  @Test
  void leavesEveryNewSidecarSettingOutByDefault() {
    assertThat(ChartRender.defaults().operatorEnv())
        .doesNotContainKeys(
            "HANDOFF_SNAPSHOT_KEYS_SECRET_NAME",
            "HANDOFF_SIDECAR_STEERING",
            "HANDOFF_REDIS_WAIT_REPLICAS",
            "HANDOFF_REDIS_WAIT_TIMEOUT",
            "HANDOFF_REDIS_CA_SECRET_NAME",
            "HANDOFF_REDIS_CA_FILE");
  }

  @Test
  void writesSidecarSettingsTheOperatorAccepts() {
    Rendered chart =
        ChartRender.with(
            """
                sidecar:
                  snapshotKeys: {existingSecret: handoff-snapshot-keys, key: ring}
                  steering: false
                redis:
                  enabled: false
                  auth: {existingSecret: corp-redis}
                  waitReplicas: 2
                  waitTimeout: 2s
                  tls: {caSecret: corp-redis-ca}
                  external: {host: redis.corp.example, tls: true}
                """);
    // What the operator reads at start-up; entries from the downward API or Secrets are not needed
    // here.
    Map<String, String> env = new java.util.HashMap<>();
    chart
        .operatorEnv()
        .forEach(
            (name, var) -> {
              if (var.getValue() != null) {
                env.put(name, var.getValue());
              }
            });

    OperatorSettings.Sidecar sidecar = OperatorSettings.fromEnvironment(env).sidecar();

    assertThat(sidecar.snapshotKeysSecret())
        .contains(new SecretKeyReference("handoff-snapshot-keys", "ring"));
    assertThat(sidecar.redisWait()).contains(new RedisWait(2, Duration.ofSeconds(2)));
    assertThat(sidecar.redisCa())
        .contains(new RedisCaSource(RedisCaSource.Kind.SECRET, "corp-redis-ca", "ca.crt"));
    assertThat(sidecar.steering()).isFalse();
  }

  @Test
  void refusesRedisSettingsWithoutARedis() {
    assertThatThrownBy(
            () ->
                ChartRender.template(
                    """
                redis: {enabled: false, waitReplicas: 1}
                """))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("redis.waitReplicas and redis.tls.caSecret need a Redis");
  }

  @Test
  void dropsTheDashboardAndThePdbWhenAsked() {
    Rendered chart =
        ChartRender.with(
            """
                operator: {replicas: 1, podDisruptionBudget: {enabled: false}}
                metrics: {dashboard: {enabled: false}}
                """);

    assertThat(chart.all(PodDisruptionBudget.class)).isEmpty();
    assertThat(chart.all(ConfigMap.class)).isEmpty();
    assertThat(chart.operator().getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void skipsTheDisruptionBudgetForASingleReplicaSoNodesCanStillDrain() {
    Rendered chart = ChartRender.with("operator: {replicas: 1}\n");

    assertThat(chart.all(PodDisruptionBudget.class)).isEmpty();
  }

  @Test
  void putsTheDashboardWhereGrafanaLooks() {
    Rendered chart =
        ChartRender.with("metrics: {dashboard: {namespace: monitoring, labels: {team: web}}}\n");

    assertThat(chart.one(ConfigMap.class).getMetadata())
        .satisfies(
            meta -> {
              assertThat(meta.getNamespace()).isEqualTo("monitoring");
              assertThat(meta.getLabels())
                  .containsEntry("grafana_dashboard", "1")
                  .containsEntry("team", "web");
            });
  }

  @Test
  void addsCommonLabelsEverywhere() {
    Rendered chart = ChartRender.with("commonLabels: {team: web}\n");

    assertThat(chart.objects())
        .allSatisfy(o -> assertThat(o.getMetadata().getLabels()).containsEntry("team", "web"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "webhook: {failurePolicy: Sometimes}",
        "webhook: {timeoutSeconds: 31}",
        "webhook: {timeoutSeconds: \"5\"}",
        "webhook: {excludedNamespaces: [Kube_System]}",
        "operator: {replicas: 0}",
        "operator: {replica: 2}",
        "operator: {controller: {enabled: true, scanInterval: 0s}}",
        "operator: {controller: {enabled: true, reportDelay: 1 minute}}",
        "operator: {webhookPort: 70000}",
        "tls: {mode: vault}",
        "sidecar: {nativeSidecar: maybe}",
        "sidecar: {resources: {limits: {memory: lots}}}",
        "sidecar: {reconnectSpread: 2}",
        "sidecar: {image: {tag: \"\"}}",
        "redis: {enabled: \"yes\"}",
        "redis: {auth: {password: short}}",
        "redis: {auth: {password: \"has spaces and @ signs in it\"}}",
        "redis: {maxmemoryPolicy: lru}",
        "redis: {external: {tls: true, sentinel: {masterName: mymaster, nodes: [\"s1:26379\"]}}}",
        "redis: {external: {sentinel: {masterName: mymaster}}}",
        "redis: {waitReplicas: 1}",
        "redis: {enabled: false, external: {host: r.corp}, waitReplicas: 17}",
        "redis: {enabled: false, external: {host: r.corp}, waitReplicas: \"1\"}",
        "redis: {waitTimeout: 0s}",
        "redis: {waitTimeout: 1 second}",
        "redis: {tls: {caSecret: corp-redis-ca}}",
        "redis: {enabled: false, external: {host: r.corp}, tls: {caSecret: corp-redis-ca}}",
        "redis: {enabled: false, tls: {caSecret: corp-redis-ca}, external: {tls: true, sentinel: {masterName: m, nodes: [\"s1:26379\"]}}}",
        "redis: {enabled: false, external: {host: r.corp, tls: true}, tls: {caSecret: Corp_CA}}",
        "redis: {tls: {caFile: /etc/ca.crt}}",
        "sidecar: {steering: \"off\"}",
        "sidecar: {snapshotKeys: {existingSecret: snapshot-keys, key: \"a/b\"}}",
        "sidecar: {snapshotKeys: {keys: \"k1=abc\"}}",
        "metrics: {serviceMonitor: {enabled: true, labels: {release: 1}}}",
        "metrics: {podMonitor: {enabled: \"true\"}}",
      })
  void refusesValuesTheSchemaForbids(String values) {
    assertThatThrownBy(() -> ChartRender.template(values + "\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("values don't meet the specifications of the schema");
  }

  private static GenericKubernetesResource single(List<GenericKubernetesResource> resources) {
    assertThat(resources).hasSize(1);
    return resources.get(0);
  }
}
