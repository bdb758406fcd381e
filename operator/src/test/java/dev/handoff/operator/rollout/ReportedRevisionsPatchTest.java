package dev.handoff.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.operator.testing.MockApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ConfigMap's patches, written by Fabric8's serialisation: a key is added, replaced and
 * removed.
 */
class ReportedRevisionsPatchTest {
  private final MockApiServer api = new MockApiServer();

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void recordsReplacesAndForgetsOneKey() {
    ReportedRevisions revisions = new ReportedRevisions(api.client(), "handoff-system", "rollouts");
    revisions.record(deployment("shop", "web", "u-1"), 3);
    revisions.record(deployment("shop", "api", "u\"2"), 1);
    revisions.record(deployment("shop", "web", "u-1"), 4);
    assertThat(data()).containsEntry("shop.web", "4/u-1").containsEntry("shop.api", "1/u\"2");

    revisions.forget("shop", "web");
    assertThat(data()).containsOnlyKeys("shop.api");

    ReportedRevisions reread = new ReportedRevisions(api.client(), "handoff-system", "rollouts");
    reread.load();
    assertThat(reread.of(deployment("shop", "api", "u\"2"))).isEqualTo(1);
  }

  private java.util.Map<String, String> data() {
    ConfigMap map =
        api.client().configMaps().inNamespace("handoff-system").withName("rollouts").get();
    return map.getData();
  }

  private static Deployment deployment(String namespace, String name, String uid) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withUid(uid)
        .endMetadata()
        .build();
  }
}
