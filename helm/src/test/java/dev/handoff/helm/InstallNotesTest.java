package dev.handoff.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * NOTES.txt tells users the next step that fits their values; helm template never renders it,
 * install does.
 */
class InstallNotesTest {

  @Test
  void explainsHowToAnnotateADeployment() {
    String notes = ChartRender.installNotes("");

    assertThat(notes)
        .contains("handoff.dev/inject\":\"true\"", "kubectl -n <app-namespace> patch deployment");
  }

  @Test
  void asksForTheRedisPasswordSecretTheChartDidNotInvent() {
    assertThat(ChartRender.installNotes(""))
        .contains("kubectl -n handoff-system create secret generic handoff-redis")
        .contains("create secret generic handoff-redis-url");
  }

  @Test
  void pointsAtTheSecretsItWroteWhenGivenAPassword() {
    String notes =
        ChartRender.installNotes(
            """
                redis: {auth: {password: s3cret-s3cret-s3cret}}
                sidecar: {redisUrlSecret: {namespaces: [shop]}}
                """);

    assertThat(notes).contains("The chart wrote it into: shop").doesNotContain("openssl rand");
  }

  @Test
  void asksForTheSnapshotKeysAndTheRedisCaInEachAppNamespace() {
    String notes =
        ChartRender.installNotes(
            """
                sidecar: {snapshotKeys: {existingSecret: handoff-snapshot-keys}}
                redis:
                  enabled: false
                  auth: {existingSecret: corp-redis}
                  tls: {caSecret: corp-redis-ca}
                  external: {host: redis.corp.example, tls: true}
                """);

    assertThat(notes)
        .contains("create secret generic handoff-snapshot-keys")
        .contains("--from-literal=keys=\"k1=$(openssl rand -base64 32)\"")
        .contains("create secret generic corp-redis-ca --from-file=ca.crt=<ca.pem>")
        .contains("handoff.dev/bind-cookie");
  }

  @Test
  void warnsWhenNoRedisIsConfigured() {
    assertThat(ChartRender.installNotes("redis: {enabled: false}\n"))
        .contains("WARNING: no Redis is configured");
  }

  @Test
  void spellsOutWhatFailClosedMeans() {
    assertThat(ChartRender.installNotes("webhook: {failurePolicy: Fail}\n"))
        .contains("are REFUSED outside the excluded namespaces")
        .contains("handoff-system, kube-node-lease, kube-public, kube-system");
  }

  @Test
  void saysWhatMakesTheDashboardFillOnAFreshInstall() {
    String notes = ChartRender.installNotes("");

    assertThat(notes)
        .contains("Until then every panel says \"No data\"")
        .contains("No ServiceMonitor or PodMonitor is rendered")
        .contains("--set metrics.prometheusOperator.enabled=true")
        .contains("Scrape annotations are on (metrics.scrapeAnnotations)")
        .contains("kubernetes_sd_configs role: pod");
  }

  @Test
  void namesTheLabelsThePrometheusOperatorMustSelectOnWhenTheMonitorsAreOn() {
    String notes =
        ChartRender.installNotes(
            """
                metrics:
                  prometheusOperator: {enabled: true, labels: {release: kube-prometheus-stack}}
                  scrapeAnnotations: false
                """);

    assertThat(notes)
        .contains("ServiceMonitor on, PodMonitor on")
        .contains("monitors by their labels (release=kube-prometheus-stack)")
        .contains("Scrape annotations are off")
        .doesNotContain("No ServiceMonitor or PodMonitor is rendered");
  }
}
