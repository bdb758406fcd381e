package dev.handoff.operator.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.HashMap;
import java.util.Map;

/** Deployments, ReplicaSets and pods shaped the way the Deployment controller leaves them. */
public final class Deployments {

  private Deployments() {}

  public static Deployment annotated(
      String namespace,
      String name,
      long revision,
      int replicas,
      Map<String, String> templateAnnotations) {
    Map<String, String> annotations = new HashMap<>(templateAnnotations);
    annotations.put("handoff.dev/inject", "true");
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withUid("uid-" + name)
        .withGeneration(revision)
        .addToAnnotations("deployment.kubernetes.io/revision", Long.toString(revision))
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .withImage("web:" + revision)
        .addNewPort()
        .withName("http")
        .withContainerPort(8080)
        .endPort()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .withStatus(
            new DeploymentStatusBuilder()
                .withObservedGeneration(revision)
                .withReplicas(replicas)
                .withUpdatedReplicas(replicas)
                .withAvailableReplicas(replicas)
                .withReadyReplicas(replicas)
                .build())
        .build();
  }

  /** The same Deployment mid-rollout: new pods not yet all available, old ones still running. */
  public static Deployment rollingOut(Deployment deployment) {
    Deployment copy = new DeploymentBuilder(deployment).build();
    int replicas = copy.getSpec().getReplicas();
    copy.getStatus().setUpdatedReplicas(replicas - 1);
    copy.getStatus().setReplicas(replicas + 1);
    copy.getStatus().setAvailableReplicas(replicas - 1);
    return copy;
  }

  public static ReplicaSet replicaSet(
      Deployment deployment, long revision, Map<String, String> templateAnnotations) {
    String name = deployment.getMetadata().getName();
    Map<String, String> annotations = new HashMap<>(templateAnnotations);
    annotations.put("handoff.dev/inject", "true");
    return new ReplicaSetBuilder()
        .withNewMetadata()
        .withName(name + "-rev" + revision)
        .withNamespace(deployment.getMetadata().getNamespace())
        .addToLabels("app", name)
        .addToLabels("pod-template-hash", "rev" + revision)
        .addToAnnotations("deployment.kubernetes.io/revision", Long.toString(revision))
        .addNewOwnerReference()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName(name)
        .withUid(deployment.getMetadata().getUid())
        .withController(true)
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  public static Pod pod(Deployment deployment, String name, boolean withSidecar) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(deployment.getMetadata().getNamespace())
            .addToLabels("app", deployment.getMetadata().getName())
            .addToAnnotations("handoff.dev/inject", "true")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("web")
            .endContainer()
            .endSpec()
            .withNewStatus()
            .withPhase("Running")
            .endStatus();
    if (withSidecar) {
      pod.editSpec()
          .addNewContainer()
          .withName("handoff-sidecar")
          .endContainer()
          .endSpec()
          .editMetadata()
          .addToAnnotations("handoff.dev/status", "injected")
          .endMetadata();
    }
    return pod.build();
  }
}
