package dev.handoff.operator.injection;

import java.util.Optional;

/**
 * What the webhook learned about a pod's owner from the API: the Deployment behind its ReplicaSet
 * and its revision.
 */
public record PodOwner(Optional<String> deploymentName, Optional<Long> revision) {

  public static final PodOwner NONE = new PodOwner(Optional.empty(), Optional.empty());
}
