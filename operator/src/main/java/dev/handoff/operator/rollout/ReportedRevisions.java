package dev.handoff.operator.rollout;

import dev.handoff.operator.injection.PatchOperation;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last reported revision of each Deployment, kept in one ConfigMap of the operator's own
 * namespace so that restarts and new leaders do not report a rollout twice, without the operator
 * writing to app Deployments. Keys are {@code <namespace>.<deployment>} (a namespace has no dots,
 * so the first one splits them); values are {@code <revision>/<uid>}, so a Deployment deleted and
 * created again under the same name starts afresh.
 */
public final class ReportedRevisions {

  /**
   * Where operators before this ConfigMap wrote the revision; still read, so an upgrade repeats no
   * report.
   */
  public static final String LEGACY_ANNOTATION = "handoff.dev/reported-revision";

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final Map<String, String> entries = new ConcurrentHashMap<>();

  public ReportedRevisions(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  /** Reads the ConfigMap again: what this or an earlier leader recorded. */
  public void load() {
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
    entries.clear();
    if (map != null && map.getData() != null) {
      entries.putAll(map.getData());
    }
  }

  /** The revision last reported for this Deployment (0 when none), as last loaded or recorded. */
  public long of(Deployment deployment) {
    String value =
        entries.get(
            key(deployment.getMetadata().getNamespace(), deployment.getMetadata().getName()));
    long recorded = 0;
    if (value != null) {
      int slash = value.indexOf('/');
      String uid = deployment.getMetadata().getUid();
      if (slash > 0 && value.substring(slash + 1).equals(uid == null ? "" : uid)) {
        recorded = parse(value.substring(0, slash));
      }
    }
    Map<String, String> annotations = deployment.getMetadata().getAnnotations();
    long legacy = annotations == null ? 0 : parse(annotations.get(LEGACY_ANNOTATION));
    return Math.max(recorded, legacy);
  }

  public void record(Deployment deployment, long revision) {
    String key = key(deployment.getMetadata().getNamespace(), deployment.getMetadata().getName());
    String uid = deployment.getMetadata().getUid();
    String value = revision + "/" + (uid == null ? "" : uid);
    write(key, value);
    entries.put(key, value);
  }

  /**
   * Drops the entry of a deleted Deployment, so the ConfigMap holds only Deployments that exist.
   */
  public void forget(String deploymentNamespace, String deploymentName) {
    String key = key(deploymentNamespace, deploymentName);
    if (entries.remove(key) == null) {
      return;
    }
    try {
      // A JSON patch "remove": merge-patch nulls are not removed by every server (Fabric8's mock
      // keeps them).
      client
          .configMaps()
          .inNamespace(namespace)
          .withName(name)
          .patch(
              PatchContext.of(PatchType.JSON),
              client
                  .getKubernetesSerialization()
                  .asJson(
                      List.of(
                          PatchOperation.remove("/data/" + PatchOperation.token(key))
                              .asJsonObject())));
    } catch (KubernetesClientException e) {
      // Gone already (the ConfigMap or the key): nothing to forget.
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND && e.getCode() != 422) {
        throw e;
      }
    }
  }

  /** One key by JSON merge patch. */
  private void write(String key, String value) {
    try {
      client
          .configMaps()
          .inNamespace(namespace)
          .withName(name)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              client.getKubernetesSerialization().asJson(Map.of("data", Map.of(key, value))));
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
      // The first report of this installation makes the ConfigMap.
      client
          .configMaps()
          .inNamespace(namespace)
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(namespace)
                  .addToLabels("app.kubernetes.io/part-of", "handoff")
                  .endMetadata()
                  .addToData(key, value)
                  .build())
          .create();
    }
  }

  static String key(String deploymentNamespace, String deploymentName) {
    return deploymentNamespace + "." + deploymentName;
  }

  private static long parse(String value) {
    return value != null && value.matches("\\d{1,18}") ? Long.parseLong(value) : 0;
  }
}
