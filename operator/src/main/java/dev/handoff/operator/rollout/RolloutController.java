package dev.handoff.operator.rollout;

import dev.handoff.operator.injection.HandoffAnnotations;
import dev.handoff.operator.log.EventLines;
import dev.handoff.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches Deployments whose pod template asks for the sidecar. When a rollout has completed (and a
 * short settle time has passed for the last clients to reconnect) it reads both versions' counters
 * and reports the rollout as an Event and as metrics, once per revision. On every change and resync
 * it also looks for pods without the sidecar.
 */
public final class RolloutController implements AutoCloseable {

  public static final String REASON = "RolloutHandoff";
  private static final Logger LOG = LoggerFactory.getLogger(RolloutController.class);

  private final KubernetesClient client;
  private final Optional<CounterSource> counters;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final ReportedRevisions reported;
  private final MissingSidecarCheck missingSidecars;
  private final Set<String> excludedNamespaces;
  private final Duration reportDelay;
  private final Duration scanInterval;
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "rollout-controller");
            thread.setDaemon(true);
            return thread;
          });
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private final Set<String> scheduledReports = ConcurrentHashMap.newKeySet();
  private volatile SharedIndexInformer<Deployment> informer;

  public RolloutController(
      KubernetesClient client,
      Optional<CounterSource> counters,
      EventRecorder events,
      OperatorMetrics metrics,
      ReportedRevisions reported,
      Set<String> excludedNamespaces,
      Duration reportDelay,
      Duration scanInterval) {
    this.client = client;
    this.reported = reported;
    this.counters = counters;
    this.events = events;
    this.metrics = metrics;
    this.excludedNamespaces = Set.copyOf(excludedNamespaces);
    this.reportDelay = reportDelay;
    this.scanInterval = scanInterval;
    this.missingSidecars = new MissingSidecarCheck(this::podsOf, events, metrics);
  }

  public void start() {
    if (counters.isEmpty()) {
      LOG.warn(
          "HANDOFF_REDIS_URL is not set: rollouts are not reported, only pods without the sidecar");
    }
    // What earlier leaders reported, read on the worker before the informer's first events;
    // report() reads
    // it again before writing an Event, so a failure here costs nothing but a later read.
    worker.execute(() -> guarded("reported revisions", reported::load));
    informer =
        client
            .apps()
            .deployments()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Deployment deployment) {
                    enqueue(deployment);
                  }

                  @Override
                  public void onUpdate(Deployment before, Deployment after) {
                    enqueue(after);
                  }

                  @Override
                  public void onDelete(Deployment deployment, boolean unknownFinalState) {
                    String namespace = deployment.getMetadata().getNamespace();
                    String name = deployment.getMetadata().getName();
                    missingSidecars.forget(namespace, name);
                    worker.execute(
                        () ->
                            guarded(
                                namespace + "/" + name, () -> reported.forget(namespace, name)));
                  }
                },
                scanInterval.toMillis());
  }

  private void enqueue(Deployment deployment) {
    String key = deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName();
    if (queued.add(key)) {
      worker.execute(
          () -> {
            queued.remove(key);
            guarded(key, () -> reconcile(key));
          });
    }
  }

  private void reconcile(String key) {
    SharedIndexInformer<Deployment> current = informer;
    Deployment deployment = current == null ? null : current.getStore().getByKey(key);
    if (deployment == null
        || excludedNamespaces.contains(deployment.getMetadata().getNamespace())) {
      return;
    }
    if (!annotated(deployment)) {
      missingSidecars.forget(
          deployment.getMetadata().getNamespace(), deployment.getMetadata().getName());
      return;
    }
    metrics.deploymentWatched(
        deployment.getMetadata().getNamespace(), deployment.getMetadata().getName());
    missingSidecars.check(deployment);
    Optional<Long> revision = RolloutHistory.revision(deployment);
    if (counters.isEmpty()
        || revision.isEmpty()
        || revision.get() <= 1
        || reported.of(deployment) >= revision.get()
        || !complete(deployment)) {
      return;
    }
    String reportKey = key + "@" + revision.get();
    if (scheduledReports.add(reportKey)) {
      worker.schedule(
          () -> {
            try {
              guarded(
                  key,
                  () ->
                      report(
                          deployment.getMetadata().getNamespace(),
                          deployment.getMetadata().getName(),
                          revision.get()));
            } finally {
              scheduledReports.remove(reportKey);
            }
          },
          reportDelay.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private void report(String namespace, String name, long revision) {
    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    // Another leader may have reported it meanwhile.
    reported.load();
    if (deployment == null
        || !RolloutHistory.revision(deployment).equals(Optional.of(revision))
        || reported.of(deployment) >= revision
        || !complete(deployment)) {
      return;
    }
    List<ReplicaSet> replicaSets =
        client
            .apps()
            .replicaSets()
            .inNamespace(namespace)
            .withLabelSelector(deployment.getSpec().getSelector())
            .list()
            .getItems();
    if (replicaSets.stream()
        .noneMatch(
            rs ->
                RolloutHistory.ownedBy(rs, deployment)
                    && RolloutHistory.revision(rs).equals(Optional.of(revision)))) {
      // The new ReplicaSet is not visible yet; the next change or resync tries again.
      return;
    }
    Optional<RolloutHistory.Rollout> rollout = RolloutHistory.latest(deployment, replicaSets);
    if (rollout.isPresent()) {
      RolloutHistory.Rollout latest = rollout.get();
      CounterSource source = counters.orElseThrow();
      RolloutReport report =
          new RolloutReport(
              revision,
              latest.fromVersion(),
              latest.toVersion(),
              source.read(latest.app(), latest.fromVersion()),
              source.read(latest.app(), latest.toVersion()));
      events.record(deployment, "Normal", REASON, report.message());
      recordMetrics(namespace, name, report);
      EventLines.info(
          LOG,
          "rollout_reported",
          "namespace",
          namespace,
          "deployment",
          name,
          "revision",
          report.revision(),
          "from_version",
          report.fromVersion(),
          "to_version",
          report.toVersion(),
          "handed_off",
          report.handedOff(),
          "restored",
          report.restored(),
          "refreshed",
          report.refreshed(),
          "expired",
          report.expired(),
          "lost",
          report.lost(),
          "not_handed_off",
          report.snapshotFailures(),
          "restores_unavailable",
          report.restoresUnavailable(),
          "message",
          report.message());
    }
    reported.record(deployment, revision);
  }

  private void recordMetrics(String namespace, String name, RolloutReport report) {
    metrics.rolloutReported(namespace, name);
    metrics.rolloutSessions(namespace, name, "handed_off", report.handedOff());
    metrics.rolloutSessions(namespace, name, "restored", report.restored());
    metrics.rolloutSessions(namespace, name, "refreshed", report.refreshed());
    metrics.rolloutSessions(namespace, name, "expired", report.expired());
    metrics.rolloutSessions(namespace, name, "lost", report.lost());
    metrics.rolloutSessions(namespace, name, "snapshot_failed", report.snapshotFailures());
    metrics.rolloutSessions(namespace, name, "restore_unavailable", report.restoresUnavailable());
  }

  private List<Pod> podsOf(Deployment deployment) {
    return client
        .pods()
        .inNamespace(deployment.getMetadata().getNamespace())
        .withLabelSelector(deployment.getSpec().getSelector())
        .list()
        .getItems();
  }

  private void guarded(String key, Runnable work) {
    try {
      work.run();
    } catch (CountersUnavailableException | KubernetesClientException e) {
      // The next change or resync of the Deployment retries.
      LOG.warn("{}: {}", key, e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("{}: reconcile failed", key, e);
    }
  }

  static boolean annotated(Deployment deployment) {
    if (deployment.getSpec() == null
        || deployment.getSpec().getTemplate() == null
        || deployment.getSpec().getTemplate().getMetadata() == null) {
      return false;
    }
    Map<String, String> annotations =
        deployment.getSpec().getTemplate().getMetadata().getAnnotations();
    return annotations != null
        && "true".equalsIgnoreCase(annotations.get(HandoffAnnotations.INJECT));
  }

  /**
   * Every replica runs the new template and is available, and nothing of the old ReplicaSets
   * remains.
   */
  static boolean complete(Deployment deployment) {
    DeploymentStatus status = deployment.getStatus();
    if (status == null) {
      return false;
    }
    long desired =
        deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    long generation = Optional.ofNullable(deployment.getMetadata().getGeneration()).orElse(0L);
    return Optional.ofNullable(status.getObservedGeneration()).orElse(0L) >= generation
        && count(status.getUpdatedReplicas()) == desired
        && count(status.getReplicas()) == desired
        && count(status.getAvailableReplicas()) == desired;
  }

  private static long count(Integer value) {
    return value == null ? 0 : value;
  }

  @Override
  public void close() {
    SharedIndexInformer<Deployment> current = informer;
    if (current != null) {
      current.close();
    }
    worker.shutdownNow();
  }
}
