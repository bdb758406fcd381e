package dev.handoff.operator.tls;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the operator's CA into the caBundle of every webhook in its MutatingWebhookConfiguration.
 */
public final class CaBundlePublisher {

  private static final Logger LOG = LoggerFactory.getLogger(CaBundlePublisher.class);

  private final KubernetesClient client;
  private final String configurationName;

  public CaBundlePublisher(KubernetesClient client, String configurationName) {
    this.client = client;
    this.configurationName = configurationName;
  }

  /**
   * Patches only when some webhook carries another bundle; false when the configuration does not
   * exist.
   */
  public boolean publish(String caPem) {
    String bundle = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8));
    MutatingWebhookConfiguration current = configuration().get();
    if (current == null) {
      LOG.warn(
          "MutatingWebhookConfiguration {} not found; caBundle not published yet",
          configurationName);
      return false;
    }
    if (!stale(current, bundle)) {
      return true;
    }
    configuration()
        .edit(
            configuration -> {
              for (MutatingWebhook webhook : webhooks(configuration)) {
                if (webhook.getClientConfig() == null) {
                  webhook.setClientConfig(new WebhookClientConfig());
                }
                webhook.getClientConfig().setCaBundle(bundle);
              }
              return configuration;
            });
    LOG.info("published the webhook CA to MutatingWebhookConfiguration {}", configurationName);
    return true;
  }

  static boolean stale(MutatingWebhookConfiguration configuration, String bundle) {
    return webhooks(configuration).stream()
        .anyMatch(
            webhook ->
                webhook.getClientConfig() == null
                    || !bundle.equals(webhook.getClientConfig().getCaBundle()));
  }

  private static List<MutatingWebhook> webhooks(MutatingWebhookConfiguration configuration) {
    return configuration.getWebhooks() == null ? List.of() : configuration.getWebhooks();
  }

  Resource<MutatingWebhookConfiguration> configuration() {
    return client
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .withName(configurationName);
  }

  String configurationName() {
    return configurationName;
  }
}
