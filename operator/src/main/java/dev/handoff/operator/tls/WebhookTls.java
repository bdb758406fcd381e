package dev.handoff.operator.tls;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook's TLS for its whole life: the first identity before the server starts, renewal in the
 * background, and (self-signed mode) a caBundle kept right even when a Helm upgrade or Argo CD sync
 * resets it.
 */
public final class WebhookTls implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookTls.class);
  static final Duration SECRET_CHECK_INTERVAL = Duration.ofHours(1);
  static final Duration FILE_CHECK_INTERVAL = Duration.ofMinutes(1);

  private final ServingKeyManager keyManager = new ServingKeyManager();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "webhook-tls");
            thread.setDaemon(true);
            return thread;
          });
  private volatile String caPem;
  private volatile String filesFingerprint;
  private SharedIndexInformer<MutatingWebhookConfiguration> configurationWatch;

  private WebhookTls() {}

  /** Issues or reuses the certificate in {@code secret}, publishes its CA, and keeps both fresh. */
  public static WebhookTls selfSigned(
      CertificateSecret secret, CaBundlePublisher publisher, Clock clock) {
    WebhookTls tls = new WebhookTls();
    tls.refreshFromSecret(secret, publisher, clock);
    tls.configurationWatch =
        publisher
            .configuration()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(MutatingWebhookConfiguration configuration) {
                    tls.republishIfStale(configuration, publisher);
                  }

                  @Override
                  public void onUpdate(
                      MutatingWebhookConfiguration before, MutatingWebhookConfiguration after) {
                    tls.republishIfStale(after, publisher);
                  }

                  @Override
                  public void onDelete(
                      MutatingWebhookConfiguration configuration, boolean unknownFinalState) {
                    // Nothing to patch until it is created again.
                  }
                });
    long period = SECRET_CHECK_INTERVAL.toSeconds();
    tls.scheduler.scheduleWithFixedDelay(
        () -> tls.guard(() -> tls.refreshFromSecret(secret, publisher, clock)),
        period,
        period,
        TimeUnit.SECONDS);
    return tls;
  }

  /**
   * Serves the key and certificate mounted in {@code directory}, rereading them when they change.
   */
  public static WebhookTls fromFiles(Path directory) {
    WebhookTls tls = new WebhookTls();
    tls.refreshFromFiles(directory);
    long period = FILE_CHECK_INTERVAL.toSeconds();
    tls.scheduler.scheduleWithFixedDelay(
        () -> tls.guard(() -> tls.refreshFromFiles(directory)), period, period, TimeUnit.SECONDS);
    return tls;
  }

  private void refreshFromSecret(
      CertificateSecret secret, CaBundlePublisher publisher, Clock clock) {
    WebhookIdentity identity = secret.ensure(clock.instant());
    if (!identity.certificate().equals(keyManager.servedCertificate())) {
      keyManager.update(identity.key(), List.of(identity.certificate()));
      LOG.info(
          "serving webhook certificate valid until {}",
          identity.certificate().getNotAfter().toInstant());
    }
    caPem = identity.caPem();
    publisher.publish(caPem);
  }

  private void refreshFromFiles(Path directory) {
    CertificateFiles files = CertificateFiles.read(directory);
    if (!files.fingerprint().equals(filesFingerprint)) {
      keyManager.update(files.key(), files.chain());
      filesFingerprint = files.fingerprint();
      LOG.info(
          "serving webhook certificate from {} valid until {}",
          directory,
          files.chain().get(0).getNotAfter().toInstant());
    }
  }

  private void republishIfStale(
      MutatingWebhookConfiguration configuration, CaBundlePublisher publisher) {
    String current = caPem;
    String bundle = Base64.getEncoder().encodeToString(current.getBytes(StandardCharsets.UTF_8));
    if (CaBundlePublisher.stale(configuration, bundle)) {
      guard(() -> publisher.publish(current));
    }
  }

  private void guard(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.warn("webhook TLS refresh failed, retrying later: {}", e.toString());
    }
  }

  public SSLContext sslContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {keyManager}, null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no TLS context", e);
    }
  }

  public boolean ready() {
    return keyManager.loaded();
  }

  ServingKeyManager keyManager() {
    return keyManager;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    if (configurationWatch != null) {
      configurationWatch.close();
    }
  }
}
