package dev.handoff.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The operator's own Prometheus metrics; names in docs/OPERATOR.md. */
public final class OperatorMetrics {

  private final PrometheusMeterRegistry registry;

  /** The outcomes a reported rollout counts its sessions under. */
  public static final List<String> ROLLOUT_OUTCOMES =
      List.of(
          "handed_off",
          "restored",
          "refreshed",
          "expired",
          "lost",
          "snapshot_failed",
          "restore_unavailable");

  /** Why the webhook admits an annotated pod without the sidecar. */
  public static final List<String> SKIP_REASONS = List.of("owner_lookup_failed", "webhook_error");

  private final AtomicInteger leader = new AtomicInteger();
  private final Map<DeploymentKey, Integer> podsWithoutSidecar = new ConcurrentHashMap<>();
  private final MultiGauge podsWithoutSidecarGauge;

  public OperatorMetrics() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    registry.gauge("handoff.operator.leader", leader);
    podsWithoutSidecarGauge =
        MultiGauge.builder("handoff.operator.pods.without.sidecar")
            .description(
                "Annotated pods running without the Handoff sidecar (created while the webhook was down)")
            .register(registry);
    SKIP_REASONS.forEach(
        this::injectionsSkipped); // at zero from the start: the panel and alert need a series
  }

  /** result: injected, skipped, denied, error or malformed. */
  public void admission(String result) {
    Counter.builder("handoff.operator.admissions")
        .description("Admission reviews answered by the webhook")
        .tag("result", result)
        .register(registry)
        .increment();
  }

  /** reason: one of {@link #SKIP_REASONS}. An annotated pod admitted without the sidecar. */
  public void injectionSkipped(String reason) {
    injectionsSkipped(reason).increment();
  }

  private Counter injectionsSkipped(String reason) {
    return Counter.builder("handoff.operator.injections.skipped")
        .description(
            "Annotated pods admitted without the sidecar because the webhook could not inject it")
        .tag("reason", reason)
        .register(registry);
  }

  public void rolloutReported(String namespace, String deployment) {
    rolloutsCounter(namespace, deployment).increment();
  }

  /** outcome: one of {@link #ROLLOUT_OUTCOMES}. */
  public void rolloutSessions(String namespace, String deployment, String outcome, long amount) {
    rolloutSessionsCounter(namespace, deployment, outcome).increment(amount);
  }

  public void missingSidecarReported(String namespace) {
    missingSidecarEvents(namespace).increment();
  }

  /**
   * An annotated Deployment the controller watches: its series start at zero now, so that the first
   * rollout or missing sidecar shows as an increase (a counter born at its first value shows none,
   * and a panel over a quiet cluster would say "No data").
   */
  public synchronized void deploymentWatched(String namespace, String deployment) {
    rolloutsCounter(namespace, deployment);
    ROLLOUT_OUTCOMES.forEach(outcome -> rolloutSessionsCounter(namespace, deployment, outcome));
    missingSidecarEvents(namespace);
    if (!podsWithoutSidecar.containsKey(new DeploymentKey(namespace, deployment))) {
      podsWithoutSidecar(namespace, deployment, 0);
    }
  }

  /** The Deployment is gone or no longer annotated: its series go too. */
  public synchronized void deploymentForgotten(String namespace, String deployment) {
    podsWithoutSidecar.remove(new DeploymentKey(namespace, deployment));
    registerPodsWithoutSidecarRows();
    registry
        .find("handoff.operator.rollouts")
        .tags("namespace", namespace, "deployment", deployment)
        .meters()
        .forEach(registry::remove);
    registry
        .find("handoff.operator.rollout.sessions")
        .tags("namespace", namespace, "deployment", deployment)
        .meters()
        .forEach(registry::remove);
  }

  private Counter rolloutsCounter(String namespace, String deployment) {
    return Counter.builder("handoff.operator.rollouts")
        .description("Rollouts reported as an Event")
        .tags("namespace", namespace, "deployment", deployment)
        .register(registry);
  }

  private Counter rolloutSessionsCounter(String namespace, String deployment, String outcome) {
    return Counter.builder("handoff.operator.rollout.sessions")
        .description("Sessions per outcome over reported rollouts")
        .tags("namespace", namespace, "deployment", deployment, "outcome", outcome)
        .register(registry);
  }

  private Counter missingSidecarEvents(String namespace) {
    return Counter.builder("handoff.operator.missing.sidecar.events")
        .description("Events emitted for annotated pods found running without the sidecar")
        .tag("namespace", namespace)
        .register(registry);
  }

  /**
   * Rows read their count from the map when scraped, so a changed count needs no re-registration:
   * re-registering (overwrite) removes and re-adds each row, and a scrape in between, or a second
   * caller (the watch handler and the resync both report), left two series with the same labels and
   * failed the whole scrape.
   */
  public synchronized void podsWithoutSidecar(String namespace, String deployment, int count) {
    podsWithoutSidecar.put(new DeploymentKey(namespace, deployment), count);
    registerPodsWithoutSidecarRows();
  }

  private void registerPodsWithoutSidecarRows() {
    List<MultiGauge.Row<?>> rows =
        podsWithoutSidecar.keySet().stream()
            .<MultiGauge.Row<?>>map(
                row ->
                    MultiGauge.Row.of(
                        Tags.of("namespace", row.namespace(), "deployment", row.deployment()),
                        podsWithoutSidecar,
                        counts -> counts.getOrDefault(row, 0)))
            .toList();
    podsWithoutSidecarGauge.register(rows, false);
  }

  public void leader(boolean leading) {
    leader.set(leading ? 1 : 0);
  }

  public String scrape() {
    return registry.scrape();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  private record DeploymentKey(String namespace, String deployment) {}
}
