package dev.handoff.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.handoff.helm.ChartRender.Rendered;
import dev.handoff.operator.injection.HandoffAnnotations;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What {@code helm install handoff helm/handoff -n handoff-system} installs when nothing is set.
 */
class ChartDefaultsTest {

  private final Rendered chart = ChartRender.defaults();

  @Test
  void passesStrictLint() {
    LintResult lint = new Helm(ChartRender.CHART).lint().strict().call();

    assertThat(lint.isFailed()).as("lint messages: %s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages())
        .noneMatch(message -> message.contains("[WARNING]") || message.contains("[ERROR]"));
  }

  @Test
  void runsTwoOperatorReplicasThatNeverAllGoDownAtOnce() {
    Deployment operator = chart.operator();
    PodDisruptionBudget pdb = chart.one(PodDisruptionBudget.class);

    assertThat(operator.getSpec().getReplicas()).isEqualTo(2);
    assertThat(operator.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
        .isZero();
    assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(operator.getSpec().getSelector().getMatchLabels());
    assertThat(
            operator
                .getSpec()
                .getTemplate()
                .getSpec()
                .getAffinity()
                .getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution())
        .singleElement()
        .satisfies(
            term ->
                assertThat(term.getPodAffinityTerm().getTopologyKey())
                    .isEqualTo("kubernetes.io/hostname"));
  }

  @Test
  void probesTheOperatorOnItsHealthPort() {
    Container container = chart.operator().getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(container.getPorts())
        .extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactlyInAnyOrder("webhook:8443", "http-metrics:8081");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(
            List.of(
                container.getLivenessProbe(),
                container.getReadinessProbe(),
                container.getStartupProbe()))
        .allSatisfy(
            probe ->
                assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http-metrics"));
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(
            chart
                .operator()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getSecurityContext()
                .getRunAsNonRoot())
        .isTrue();
  }

  @Test
  void givesTheWebhookAShutdownDelayShorterThanTheGracePeriod() {
    long grace =
        chart.operator().getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();

    assertThat(chart.operatorEnvValue("HANDOFF_SHUTDOWN_DELAY")).isEqualTo("5s");
    assertThat(grace).isGreaterThan(5);
    long longest =
        ChartRender.with("operator: {shutdownDelaySeconds: 60}\n")
            .operator()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getTerminationGracePeriodSeconds();
    assertThat(longest).isGreaterThan(60);
  }

  @Test
  void exposesTheWebhookAndTheMetricsThroughOneService() {
    Service service = chart.named(Service.class, "handoff-operator");

    assertThat(service.getSpec().getSelector())
        .isEqualTo(chart.operator().getSpec().getSelector().getMatchLabels());
    assertThat(service.getSpec().getPorts())
        .extracting(p -> p.getName() + ":" + p.getPort() + "->" + p.getTargetPort().getStrVal())
        .containsExactlyInAnyOrder("https-webhook:443->webhook", "http-metrics:8081->http-metrics");
  }

  @Test
  void callsTheWebhookForPodCreationOnlyWithoutSideEffects() {
    MutatingWebhook webhook = webhook();

    assertThat(webhook.getRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getOperations()).containsExactly("CREATE");
              assertThat(rule.getApiGroups()).containsExactly("");
              assertThat(rule.getResources()).containsExactly("pods");
            });
    assertThat(webhook.getSideEffects()).isEqualTo("None");
    assertThat(webhook.getReinvocationPolicy()).isEqualTo("IfNeeded");
    assertThat(webhook.getTimeoutSeconds()).isEqualTo(5);
    assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
    assertThat(webhook.getClientConfig().getService().getName()).isEqualTo("handoff-operator");
    assertThat(webhook.getClientConfig().getService().getNamespace()).isEqualTo("handoff-system");
    assertThat(webhook.getClientConfig().getService().getPath()).isEqualTo("/mutate");
    assertThat(webhook.getClientConfig().getService().getPort()).isEqualTo(443);
  }

  @Test
  void asksTheApiServerToCallTheWebhookOnlyForPodsThatOptedIn() {
    MutatingWebhook webhook = webhook();

    // objectSelector cannot see annotations: without the condition every pod in the cluster waits
    // on us.
    assertThat(webhook.getMatchConditions())
        .singleElement()
        .satisfies(
            condition ->
                assertThat(condition.getExpression())
                    .isEqualTo(
                        "has(object.metadata.annotations) && '"
                            + HandoffAnnotations.INJECT
                            + "' in object.metadata.annotations"));
    // The namespace exclusions still apply beside it.
    assertThat(webhook.getNamespaceSelector().getMatchExpressions().get(0).getValues())
        .contains("kube-system");
  }

  @Test
  void ignoresWebhookFailuresByDefault() {
    // Ignore: an operator outage must not stop pod creation cluster-wide; the controller reports
    // the misses.
    assertThat(webhook().getFailurePolicy()).isEqualTo("Ignore");
  }

  @Test
  void leavesTheCaBundleToTheOperator() {
    // A rendered caBundle would be reset by every upgrade and Argo CD sync; the operator patches
    // it.
    assertThat(webhook().getClientConfig().getCaBundle()).isNull();
    assertThat(chart.yaml()).doesNotContain("caBundle:").doesNotContain("BEGIN CERTIFICATE");
    assertThat(chart.all(Secret.class)).noneMatch(s -> s.getMetadata().getName().contains("tls"));
  }

  @Test
  void excludesSystemNamespacesAndItsOwnFromTheWebhook() {
    LabelSelectorRequirement exclusion =
        webhook().getNamespaceSelector().getMatchExpressions().get(0);

    assertThat(exclusion.getKey()).isEqualTo("kubernetes.io/metadata.name");
    assertThat(exclusion.getOperator()).isEqualTo("NotIn");
    assertThat(exclusion.getValues())
        .containsExactlyInAnyOrder(
            "kube-system", "kube-public", "kube-node-lease", "handoff-system");
    // The rollout controller skips the same namespaces.
    assertThat(chart.operatorEnvValue("HANDOFF_EXCLUDED_NAMESPACES").split(","))
        .containsExactlyInAnyOrderElementsOf(exclusion.getValues());
  }

  @Test
  void grantsTheOperatorExactlyTheVerbsItUses() {
    ClusterRole clusterRole = chart.one(ClusterRole.class);
    Role role = chart.one(Role.class);

    assertThat(rules(clusterRole.getRules()))
        .containsOnly(
            entry(
                "admissionregistration.k8s.io/mutatingwebhookconfigurations[handoff-operator]",
                List.of("get", "list", "watch", "patch")),
            entry("apps/replicasets", List.of("get", "list")),
            entry("apps/deployments", List.of("get", "list", "watch")),
            entry("core/pods", List.of("list")),
            entry("core/events", List.of("create")));
    assertThat(rules(role.getRules()))
        .containsOnly(
            entry("core/secrets", List.of("create")),
            entry("core/secrets[handoff-operator-tls]", List.of("get", "update")),
            entry("coordination.k8s.io/leases", List.of("create")),
            entry("coordination.k8s.io/leases[handoff-operator-leader]", List.of("get", "patch")),
            entry("core/configmaps", List.of("create")),
            entry("core/configmaps[handoff-operator-rollouts]", List.of("get", "patch")));
    assertThat(role.getMetadata().getNamespace()).isEqualTo("handoff-system");
    assertThat(chart.operatorEnvValue("HANDOFF_ROLLOUTS_CONFIGMAP_NAME"))
        .isEqualTo("handoff-operator-rollouts");
    assertThat(chart.yaml()).doesNotContain("\"*\"").doesNotContain("'*'");
  }

  @Test
  void neverLetsTheOperatorWriteDeploymentsAnywhere() {
    // The reported revision lives in the operator's own ConfigMap, so app Deployments stay
    // read-only to it.
    assertThat(chart.one(ClusterRole.class).getRules())
        .filteredOn(rule -> rule.getResources().contains("deployments"))
        .allSatisfy(
            rule ->
                assertThat(rule.getVerbs()).doesNotContain("patch", "update", "create", "delete"));
  }

  @Test
  void bindsTheRolesToTheOperatorsServiceAccount() {
    String account = chart.one(ServiceAccount.class).getMetadata().getName();

    assertThat(chart.operator().getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(account);
    assertThat(chart.one(ClusterRoleBinding.class).getSubjects())
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.getName() + "@" + s.getNamespace())
                    .isEqualTo(account + "@handoff-system"));
    assertThat(chart.one(RoleBinding.class).getSubjects())
        .singleElement()
        .satisfies(s -> assertThat(s.getName()).isEqualTo(account));
    assertThat(chart.one(ClusterRoleBinding.class).getRoleRef().getName())
        .isEqualTo(chart.one(ClusterRole.class).getMetadata().getName());
  }

  @Test
  void tellsTheOperatorTheNamesItsRbacAndWebhookUse() {
    Map<String, String> env = new TreeMap<>();
    chart.operatorEnv().forEach((name, var) -> env.put(name, var.getValue()));

    assertThat(env)
        .contains(
            entry("HANDOFF_WEBHOOK_SERVICE_NAME", "handoff-operator"),
            entry(
                "HANDOFF_WEBHOOK_CONFIGURATION_NAME",
                chart.one(MutatingWebhookConfiguration.class).getMetadata().getName()),
            entry("HANDOFF_TLS_MODE", "self-signed"),
            entry("HANDOFF_TLS_SECRET_NAME", "handoff-operator-tls"),
            entry("HANDOFF_LEASE_NAME", "handoff-operator-leader"),
            entry("HANDOFF_WEBHOOK_PORT", "8443"),
            entry("HANDOFF_HEALTH_PORT", "8081"),
            entry("HANDOFF_SIDECAR_IMAGE", "ghcr.io/handoff-dev/handoff-sidecar:0.1.0"),
            entry("HANDOFF_SIDECAR_CPU_LIMIT", "none"),
            entry("HANDOFF_SIDECAR_MEMORY_LIMIT", "512Mi"),
            entry("HANDOFF_NATIVE_SIDECAR", "auto"),
            entry("HANDOFF_CONTROLLER_ENABLED", "true"),
            entry("HANDOFF_REDIS_SECRET_NAME", "handoff-redis-url"),
            entry("HANDOFF_REDIS_SECRET_KEY", "url"));
    assertThat(
            chart
                .operatorEnv()
                .get("HANDOFF_NAMESPACE")
                .getValueFrom()
                .getFieldRef()
                .getFieldPath())
        .isEqualTo("metadata.namespace");
    assertThat(
            chart.operatorEnv().get("HANDOFF_POD_NAME").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.name");
  }

  @Test
  void runsItsOwnRedisWithThePasswordFromASecret() {
    Deployment redis = chart.named(Deployment.class, "handoff-redis");
    Container container = redis.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(container.getImage()).startsWith("redis:");
    assertThat(container.getEnv())
        .filteredOn(var -> var.getName().equals("REDIS_PASSWORD"))
        .singleElement()
        .satisfies(
            var ->
                assertThat(var.getValueFrom().getSecretKeyRef().getName())
                    .isEqualTo("handoff-redis"));
    assertThat(String.join(" ", container.getCommand()))
        .contains("requirepass")
        .doesNotContain("--requirepass");
    assertThat(chart.named(Service.class, "handoff-redis").getSpec().getSelector())
        .isEqualTo(redis.getSpec().getSelector().getMatchLabels());
    // No password in the values: the chart renders no Secret with an invented one.
    assertThat(chart.find(Secret.class, "handoff-redis")).isEmpty();
    assertThat(chart.operatorEnvValue("HANDOFF_REDIS_URL"))
        .isEqualTo("redis://:$(REDIS_PASSWORD)@handoff-redis.handoff-system.svc:6379/0");
    assertThat(chart.operatorEnv().get("REDIS_PASSWORD").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("handoff-redis");
  }

  @Test
  void leavesTheMonitorsOffUnlessAsked() {
    // No Capabilities check: the monitors exist only when their value says so, also under helm
    // template.
    assertThat(chart.kind("ServiceMonitor")).isEmpty();
    assertThat(chart.kind("PodMonitor")).isEmpty();
  }

  @Test
  void annotatesTheOperatorsPodsAndTellsItToAnnotateInjectedPodsForScraping() {
    assertThat(chart.operator().getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("prometheus.io/scrape", "true")
        .containsEntry("prometheus.io/port", "8081")
        .containsEntry("prometheus.io/path", "/metrics");
    assertThat(chart.operatorEnvValue("HANDOFF_SCRAPE_ANNOTATIONS")).isEqualTo("on");
    // What the operator makes of that variable: the same setting the injection reads.
    assertThat(
            dev.handoff.operator.config.OperatorSettings.fromEnvironment(
                    Map.of("HANDOFF_SCRAPE_ANNOTATIONS", "on"))
                .sidecar()
                .scrapeAnnotations())
        .isTrue();
  }

  @Test
  void shipsTheGrafanaDashboardAsAConfigMap() {
    ConfigMap dashboard = chart.named(ConfigMap.class, "handoff-dashboard");

    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    Map<?, ?> json =
        new KubernetesSerialization().unmarshal(dashboard.getData().get("handoff.json"), Map.class);
    assertThat(json.get("title")).isEqualTo("Handoff");
  }

  @Test
  void labelsEveryObjectTheKubernetesWay() {
    for (HasMetadata object : chart.objects()) {
      assertThat(object.getMetadata().getLabels())
          .as(object.getKind() + " " + object.getMetadata().getName())
          .containsEntry("app.kubernetes.io/name", "handoff")
          .containsEntry("app.kubernetes.io/instance", "handoff")
          .containsEntry("app.kubernetes.io/version", "0.1.0")
          .containsEntry("app.kubernetes.io/part-of", "handoff")
          .containsEntry("app.kubernetes.io/managed-by", "Helm")
          .containsKey("app.kubernetes.io/component");
    }
    for (Deployment deployment : chart.all(Deployment.class)) {
      PodTemplateSpec template = deployment.getSpec().getTemplate();
      assertThat(template.getMetadata().getLabels())
          .containsAllEntriesOf(deployment.getMetadata().getLabels());
    }
  }

  @Test
  void putsNamespacedObjectsInTheReleaseNamespace() {
    assertThat(chart.objects())
        .filteredOn(
            o ->
                !(o instanceof ClusterRole
                    || o instanceof ClusterRoleBinding
                    || o instanceof MutatingWebhookConfiguration))
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("handoff-system"));
  }

  private MutatingWebhook webhook() {
    return chart.one(MutatingWebhookConfiguration.class).getWebhooks().get(0);
  }

  /** "group/resource[names]" → verbs, so a test reads like the RBAC it checks. */
  static Map<String, List<String>> rules(List<PolicyRule> rules) {
    Map<String, List<String>> byResource = new TreeMap<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          String names =
              rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                  ? ""
                  : rule.getResourceNames().toString();
          String key =
              (group.isEmpty() ? "core" : group) + "/" + resource + names.replace(", ", ",");
          assertThat(byResource).as("one rule per resource").doesNotContainKey(key);
          byResource.put(key, rule.getVerbs());
        }
      }
    }
    return byResource;
  }
}
