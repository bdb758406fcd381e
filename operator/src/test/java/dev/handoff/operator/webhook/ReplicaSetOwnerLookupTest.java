package dev.handoff.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The webhook's ReplicaSet read against an API server that takes a connection and never answers.
 */
class ReplicaSetOwnerLookupTest {

  private static final int WEBHOOK_TIMEOUT_SECONDS =
      5; // the chart's default webhook.timeoutSeconds

  @Test
  void triesOnceWithoutTheClientsOwnRetriesSoThatTwoAttemptsFitInTheWebhooksTimeout() {
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").build())
            .build()) {
      ReplicaSetOwnerLookup lookup = new ReplicaSetOwnerLookup(client);

      assertThat(lookup.requestConfig().getRequestRetryBackoffLimit()).isZero();
      assertThat(Duration.ofMillis(2L * lookup.requestConfig().getRequestTimeout()))
          .isLessThan(Duration.ofSeconds(WEBHOOK_TIMEOUT_SECONDS));
    }
  }

  @Test
  void givesUpOnAnApiServerThatNeverAnswers() throws Exception {
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(
                    new ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:" + silent.getLocalPort())
                        .build())
                .build()) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept());
                  }
                } catch (Exception closed) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      Pod pod =
          new PodBuilder()
              .withNewMetadata()
              .withName("shop-7d9f8c5b6-x2")
              .withOwnerReferences(
                  new OwnerReferenceBuilder()
                      .withKind("ReplicaSet")
                      .withName("shop-7d9f8c5b6")
                      .withController(true)
                      .build())
              .endMetadata()
              .build();

      assertThatThrownBy(
              () -> new ReplicaSetOwnerLookup(client, Duration.ofMillis(300)).ownerOf("shop", pod))
          .isInstanceOf(OwnerLookupException.class)
          .hasMessageContaining("cannot read ReplicaSet shop/shop-7d9f8c5b6");
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }
}
