package dev.handoff.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.operator.testing.Deployments;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutHistoryTest {

  private final Deployment shop = Deployments.annotated("storefront", "shop", 7, 3, Map.of());

  @Test
  void findsPreviousAndCurrentRevisionAmongOwnedReplicaSets() {
    List<ReplicaSet> replicaSets =
        List.of(
            Deployments.replicaSet(shop, 5, Map.of()),
            Deployments.replicaSet(shop, 7, Map.of()),
            Deployments.replicaSet(shop, 6, Map.of()));

    assertThat(RolloutHistory.latest(shop, replicaSets))
        .contains(new RolloutHistory.Rollout(7, "shop", 6, 7));
  }

  @Test
  void takesVersionsFromTemplateAnnotationsWhenGiven() {
    List<ReplicaSet> replicaSets =
        List.of(
            Deployments.replicaSet(
                shop, 6, Map.of("handoff.dev/version", "41", "handoff.dev/app", "storefront")),
            Deployments.replicaSet(
                shop, 7, Map.of("handoff.dev/version", "42", "handoff.dev/app", "storefront")));

    assertThat(RolloutHistory.latest(shop, replicaSets))
        .contains(new RolloutHistory.Rollout(7, "storefront", 41, 42));
  }

  @Test
  void assumesThePreviousVersionIsOneLessWhenItsReplicaSetIsGone() {
    assertThat(RolloutHistory.latest(shop, List.of(Deployments.replicaSet(shop, 7, Map.of()))))
        .contains(new RolloutHistory.Rollout(7, "shop", 6, 7));
  }

  @Test
  void ignoresReplicaSetsOfOtherDeployments() {
    Deployment other = Deployments.annotated("storefront", "other", 9, 1, Map.of());

    assertThat(RolloutHistory.latest(shop, List.of(Deployments.replicaSet(other, 7, Map.of()))))
        .isEmpty();
  }

  @Test
  void reportsNothingForTheFirstRevision() {
    Deployment fresh = Deployments.annotated("storefront", "shop", 1, 3, Map.of());

    assertThat(RolloutHistory.latest(fresh, List.of(Deployments.replicaSet(fresh, 1, Map.of()))))
        .isEmpty();
  }

  @Test
  void reportsNothingWhenTheVersionDidNotChange() {
    List<ReplicaSet> replicaSets =
        List.of(
            Deployments.replicaSet(shop, 6, Map.of("handoff.dev/version", "5")),
            Deployments.replicaSet(shop, 7, Map.of("handoff.dev/version", "5")));

    assertThat(RolloutHistory.latest(shop, replicaSets)).isEmpty();
  }
}
