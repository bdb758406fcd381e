package dev.handoff.operator.webhook;

import dev.handoff.operator.injection.HandoffAnnotations;
import dev.handoff.operator.injection.PodOwner;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfig;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pod in admission names its ReplicaSet as controller; the ReplicaSet carries the Deployment's
 * revision in {@code deployment.kubernetes.io/revision} and names the Deployment as its own
 * controller.
 */
public final class ReplicaSetOwnerLookup implements OwnerLookup {

  /**
   * One read, and its one retry, must fit in the webhook's timeout (5 s by default): past it the
   * API server gives up on the webhook and, under failurePolicy Ignore, creates the pod without the
   * sidecar and without a warning. The shared client's defaults (10 s per request, retried with
   * back-off) would take far longer.
   */
  public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

  private final KubernetesClient client;
  private final RequestConfig requestConfig;

  public ReplicaSetOwnerLookup(KubernetesClient client) {
    this(client, DEFAULT_ATTEMPT_TIMEOUT);
  }

  ReplicaSetOwnerLookup(KubernetesClient client, Duration attemptTimeout) {
    this.requestConfig =
        new RequestConfigBuilder()
            .withRequestTimeout((int) attemptTimeout.toMillis())
            .withRequestRetryBackoffLimit(0)
            .build();
    this.client = client.newClient(requestConfig).adapt(KubernetesClient.class);
  }

  RequestConfig requestConfig() {
    return requestConfig;
  }

  @Override
  public PodOwner ownerOf(String namespace, Pod pod) {
    Optional<OwnerReference> replicaSetRef =
        controllerOf(pod.getMetadata().getOwnerReferences(), "ReplicaSet");
    if (replicaSetRef.isEmpty()) {
      return PodOwner.NONE;
    }
    String name = replicaSetRef.get().getName();
    ReplicaSet replicaSet;
    try {
      replicaSet = client.apps().replicaSets().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw new OwnerLookupException(
          "cannot read ReplicaSet " + namespace + "/" + name + ": " + e.getMessage(), e);
    }
    if (replicaSet == null) {
      throw new OwnerLookupException(
          "ReplicaSet " + namespace + "/" + name + " named as the pod's owner does not" + " exist",
          null);
    }
    Map<String, String> annotations =
        replicaSet.getMetadata().getAnnotations() == null
            ? Map.of()
            : replicaSet.getMetadata().getAnnotations();
    Optional<Long> revision =
        Optional.ofNullable(annotations.get(HandoffAnnotations.DEPLOYMENT_REVISION))
            .filter(value -> value.matches("\\d{1,18}"))
            .map(Long::parseLong);
    Optional<String> deployment =
        controllerOf(replicaSet.getMetadata().getOwnerReferences(), "Deployment")
            .map(OwnerReference::getName);
    return new PodOwner(deployment, revision);
  }

  private static Optional<OwnerReference> controllerOf(
      List<OwnerReference> references, String kind) {
    if (references == null) {
      return Optional.empty();
    }
    return references.stream()
        .filter(ref -> kind.equals(ref.getKind()) && Boolean.TRUE.equals(ref.getController()))
        .findFirst();
  }
}
