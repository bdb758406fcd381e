package dev.handoff.operator.webhook;

import dev.handoff.operator.injection.PodOwner;
import io.fabric8.kubernetes.api.model.Pod;

/** Finds the Deployment and revision behind a pod being admitted. */
@FunctionalInterface
public interface OwnerLookup {

  /**
   * Throws {@link OwnerLookupException} when the API cannot answer; returns {@link PodOwner#NONE}
   * for bare pods.
   */
  PodOwner ownerOf(String namespace, Pod pod);
}
