package dev.handoff.operator;

import dev.handoff.operator.config.NativeSidecarMode;
import dev.handoff.operator.config.OperatorSettings;
import dev.handoff.operator.config.TlsMode;
import dev.handoff.operator.health.HealthServer;
import dev.handoff.operator.health.Readiness;
import dev.handoff.operator.injection.InjectionSettings;
import dev.handoff.operator.injection.NativeSidecarSupport;
import dev.handoff.operator.injection.SidecarInjection;
import dev.handoff.operator.metrics.OperatorMetrics;
import dev.handoff.operator.rollout.ControllerLeadership;
import dev.handoff.operator.rollout.CounterSource;
import dev.handoff.operator.rollout.EventRecorder;
import dev.handoff.operator.rollout.RedisCounterSource;
import dev.handoff.operator.rollout.ReportedRevisions;
import dev.handoff.operator.rollout.RolloutController;
import dev.handoff.operator.tls.CaBundlePublisher;
import dev.handoff.operator.tls.CertificateIssuer;
import dev.handoff.operator.tls.CertificateSecret;
import dev.handoff.operator.tls.WebhookTls;
import dev.handoff.operator.webhook.AdmissionReviewHandler;
import dev.handoff.operator.webhook.ReplicaSetOwnerLookup;
import dev.handoff.operator.webhook.WebhookServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running operator: health endpoints, webhook TLS, the webhook, and the leader-elected
 * controller.
 */
public final class Operator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Operator.class);

  private final Deque<AutoCloseable> parts = new ArrayDeque<>();
  private final OperatorMetrics metrics = new OperatorMetrics();
  private final Readiness readiness = new Readiness();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicBoolean started = new AtomicBoolean();
  private final Duration shutdownDelay;
  private HealthServer health;
  private WebhookServer webhook;
  private ControllerLeadership leadership;

  private Operator(Duration shutdownDelay) {
    this.shutdownDelay = shutdownDelay;
  }

  public static Operator start(
      OperatorSettings settings, KubernetesClient client, ControllerLeadership.Timing timing)
      throws IOException {
    Operator operator = new Operator(settings.webhook().shutdownDelay());
    try {
      operator.startParts(settings, client, timing);
    } catch (IOException | RuntimeException e) {
      operator.close();
      throw e;
    }
    return operator;
  }

  private void startParts(
      OperatorSettings settings, KubernetesClient client, ControllerLeadership.Timing timing)
      throws IOException {
    health = remember(HealthServer.start(settings.healthPort(), readiness, metrics));
    readiness.require("not-shutting-down", () -> !stopping.get());
    // Ready only once every part runs: a certificate in hand is not yet a webhook port that
    // listens,
    // and the API server sends admission reviews to a ready pod, failing open when it refuses.
    readiness.require("started", started::get);

    boolean nativeSidecar = nativeSidecar(settings.sidecar().nativeMode(), client);
    LOG.info(
        "injecting the sidecar as {}",
        nativeSidecar
            ? "a native sidecar (init container, restartPolicy" + " Always)"
            : "a regular container");

    WebhookTls tls =
        remember(
            settings.tls().mode() == TlsMode.FILES
                ? WebhookTls.fromFiles(settings.tls().certificateDirectory())
                : WebhookTls.selfSigned(
                    new CertificateSecret(
                        client,
                        settings.namespace(),
                        settings.tls().secretName(),
                        CertificateIssuer.serviceDnsNames(
                            settings.webhook().serviceName(), settings.namespace()),
                        new CertificateIssuer()),
                    new CaBundlePublisher(client, settings.webhook().configurationName()),
                    Clock.systemUTC()));
    readiness.require("webhook-certificate", tls::ready);

    AdmissionReviewHandler handler =
        new AdmissionReviewHandler(
            new SidecarInjection(InjectionSettings.from(settings.sidecar(), nativeSidecar)),
            new ReplicaSetOwnerLookup(client),
            settings.webhook().excludedNamespaces(),
            new KubernetesSerialization(),
            metrics);
    webhook = remember(WebhookServer.start(settings.webhook().port(), tls.sslContext(), handler));

    if (settings.controller().enabled()) {
      Optional<CounterSource> counters =
          settings
              .controller()
              .redisUrl()
              .map(url -> new RedisCounterSource(url, settings.controller().redisCaFile()));
      counters.ifPresent(this::remember);
      EventRecorder events = new EventRecorder(client, settings.identity(), Clock.systemUTC());
      leadership =
          remember(
              new ControllerLeadership(
                  client,
                  settings.namespace(),
                  settings.controller().leaseName(),
                  settings.identity(),
                  timing,
                  () -> {
                    RolloutController controller =
                        new RolloutController(
                            client,
                            counters,
                            events,
                            metrics,
                            new ReportedRevisions(
                                client,
                                settings.namespace(),
                                settings.controller().reportedRevisionsName()),
                            settings.webhook().excludedNamespaces(),
                            settings.controller().reportDelay(),
                            settings.controller().scanInterval());
                    controller.start();
                    return controller;
                  },
                  metrics));
      leadership.start();
    }
    started.set(true);
  }

  private static boolean nativeSidecar(NativeSidecarMode mode, KubernetesClient client) {
    if (mode != NativeSidecarMode.AUTO) {
      return mode == NativeSidecarMode.ALWAYS;
    }
    try {
      VersionInfo version = client.getKubernetesVersion();
      return NativeSidecarSupport.enabled(mode, version.getMajor(), version.getMinor());
    } catch (KubernetesClientException e) {
      LOG.warn(
          "cannot read the API server version ({}); injecting a regular container", e.getMessage());
      return false;
    }
  }

  private <T extends AutoCloseable> T remember(T part) {
    parts.push(part);
    return part;
  }

  public int webhookPort() {
    return webhook.port();
  }

  public int healthPort() {
    return health.port();
  }

  public boolean leading() {
    return leadership != null && leadership.leading();
  }

  public OperatorMetrics metrics() {
    return metrics;
  }

  /**
   * SIGTERM: turns unready at once, so the pod leaves the webhook Service's endpoints, keeps
   * answering admission reviews for the shutdown delay (the API server may still call this pod
   * until endpoints update), then stops.
   */
  public void stop() {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    LOG.info("stopping: unready now, answering admission reviews for {} more", shutdownDelay);
    try {
      Thread.sleep(shutdownDelay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
  }

  /** Stops parts in reverse start order: the controller first, the health endpoints last. */
  @Override
  public void close() {
    while (!parts.isEmpty()) {
      AutoCloseable part = parts.pop();
      try {
        part.close();
      } catch (Exception e) {
        LOG.warn("stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
