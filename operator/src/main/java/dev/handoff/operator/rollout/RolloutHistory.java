package dev.handoff.operator.rollout;

import dev.handoff.operator.injection.AnnotationException;
import dev.handoff.operator.injection.AppName;
import dev.handoff.operator.injection.HandoffAnnotations;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a Deployment's latest rollout off its ReplicaSets: the app, and the version before and
 * after.
 */
public final class RolloutHistory {

  /**
   * The latest rollout of a Deployment: pods went from {@code fromVersion} to {@code toVersion}.
   */
  public record Rollout(long revision, String app, long fromVersion, long toVersion) {}

  private RolloutHistory() {}

  public static Optional<Long> revision(HasMetadata object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    if (annotations == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(annotations.get(HandoffAnnotations.DEPLOYMENT_REVISION))
        .filter(value -> value.matches("\\d{1,18}"))
        .map(Long::parseLong);
  }

  /**
   * Empty when there is nothing to report: the first revision, or ReplicaSets that do not (yet)
   * match. Without the previous ReplicaSet (revisionHistoryLimit: 0) the previous version is taken
   * to be one less.
   */
  public static Optional<Rollout> latest(Deployment deployment, List<ReplicaSet> replicaSets) {
    Optional<Long> revision = revision(deployment);
    if (revision.isEmpty() || revision.get() <= 1) {
      return Optional.empty();
    }
    List<ReplicaSet> owned = replicaSets.stream().filter(rs -> ownedBy(rs, deployment)).toList();
    Optional<ReplicaSet> current =
        owned.stream().filter(rs -> revision(rs).equals(revision)).findFirst();
    if (current.isEmpty()) {
      return Optional.empty();
    }
    Optional<ReplicaSet> previous =
        owned.stream()
            .filter(rs -> revision(rs).filter(r -> r < revision.get()).isPresent())
            .max(Comparator.comparing(rs -> revision(rs).orElseThrow()));
    Optional<Long> toVersion = versionOf(current.get());
    Optional<String> app;
    try {
      app =
          AppName.of(templateMeta(current.get()), Optional.of(deployment.getMetadata().getName()));
    } catch (AnnotationException e) {
      return Optional.empty();
    }
    if (toVersion.isEmpty() || app.isEmpty()) {
      return Optional.empty();
    }
    long fromVersion = previous.flatMap(RolloutHistory::versionOf).orElse(toVersion.get() - 1);
    if (fromVersion < 0 || fromVersion == toVersion.get()) {
      return Optional.empty();
    }
    return Optional.of(new Rollout(revision.get(), app.get(), fromVersion, toVersion.get()));
  }

  /**
   * The version the webhook gave this ReplicaSet's pods: the template's annotation, else the
   * revision.
   */
  static Optional<Long> versionOf(ReplicaSet replicaSet) {
    Map<String, String> annotations = templateMeta(replicaSet).getAnnotations();
    String annotated = annotations == null ? null : annotations.get(HandoffAnnotations.VERSION);
    if (annotated != null) {
      return annotated.matches("\\d{1,18}")
          ? Optional.of(Long.parseLong(annotated))
          : Optional.empty();
    }
    return revision(replicaSet);
  }

  private static ObjectMeta templateMeta(ReplicaSet replicaSet) {
    if (replicaSet.getSpec() == null
        || replicaSet.getSpec().getTemplate() == null
        || replicaSet.getSpec().getTemplate().getMetadata() == null) {
      return new ObjectMeta();
    }
    return replicaSet.getSpec().getTemplate().getMetadata();
  }

  static boolean ownedBy(ReplicaSet replicaSet, Deployment deployment) {
    List<OwnerReference> references = replicaSet.getMetadata().getOwnerReferences();
    if (references == null) {
      return false;
    }
    String uid = deployment.getMetadata().getUid();
    return references.stream()
        .anyMatch(
            ref ->
                "Deployment".equals(ref.getKind())
                    && (uid != null && ref.getUid() != null
                        ? uid.equals(ref.getUid())
                        : deployment.getMetadata().getName().equals(ref.getName())));
  }
}
