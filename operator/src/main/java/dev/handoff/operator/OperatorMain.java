package dev.handoff.operator;

import dev.handoff.contract.LogFormat;
import dev.handoff.logging.JsonLinesProvider;
import dev.handoff.operator.config.InvalidSettingException;
import dev.handoff.operator.config.OperatorSettings;
import dev.handoff.operator.rollout.ControllerLeadership;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of {@code handoff-operator.jar}. */
public final class OperatorMain {

  private OperatorMain() {}

  public static void main(String[] args) {
    OperatorSettings settings;
    try {
      settings = OperatorSettings.fromEnvironment(System.getenv());
    } catch (InvalidSettingException e) {
      // One clear line, before any logging set-up noise.
      System.err.println("handoff-operator: " + e.getMessage());
      System.exit(2);
      return;
    }
    // Before the first logger: SLF4J picks its provider once.
    if (settings.sidecar().logFormat() == LogFormat.JSON) {
      JsonLinesProvider.select();
    }
    Logger log = LoggerFactory.getLogger(OperatorMain.class);
    KubernetesClient client = new KubernetesClientBuilder().build();
    try {
      Operator operator = Operator.start(settings, client, ControllerLeadership.Timing.DEFAULT);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    operator.stop();
                    client.close();
                  },
                  "shutdown"));
      log.info(
          "handoff-operator {} started: webhook on {}, health and metrics on {}",
          settings.identity(),
          operator.webhookPort(),
          operator.healthPort());
    } catch (Exception e) {
      log.error("handoff-operator could not start: {}", e.getMessage(), e);
      client.close();
      System.exit(1);
    }
  }
}
