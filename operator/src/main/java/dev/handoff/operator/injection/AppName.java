package dev.handoff.operator.injection;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.Map;
import java.util.Optional;

/**
 * The app name the sidecar keys its Redis data by: {@code handoff.dev/app}, else the {@code
 * app.kubernetes.io/name} or {@code app} label, else the owning Deployment, else the pod's name
 * stem; always a name the sidecar accepts ({@link dev.handoff.contract.AppName}).
 */
public final class AppName {

  private AppName() {}

  /**
   * For a pod template or a pod; throws {@link AnnotationException} on a malformed {@code
   * handoff.dev/app}.
   */
  public static Optional<String> of(ObjectMeta meta, Optional<String> deploymentName) {
    Map<String, String> annotations =
        meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
    Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
    return HandoffOptions.app(annotations)
        .or(() -> usable(labels.get(HandoffAnnotations.LABEL_APP_NAME)))
        .or(() -> usable(labels.get(HandoffAnnotations.LABEL_APP)))
        .or(() -> deploymentName)
        .or(
            () ->
                stem(
                    meta.getGenerateName(), labels.get(HandoffAnnotations.LABEL_POD_TEMPLATE_HASH)))
        .or(() -> usable(meta.getName()));
  }

  /**
   * Labels and names were not written for Handoff: {@code app: Shop} becomes {@code shop}, as the
   * sidecar needs.
   */
  private static Optional<String> usable(String value) {
    return dev.handoff.contract.AppName.fromLabel(value);
  }

  /** "shop-7d9f8c5b6-" with pod-template-hash 7d9f8c5b6 becomes "shop". */
  private static Optional<String> stem(String generateName, String templateHash) {
    if (generateName == null) {
      return Optional.empty();
    }
    String stem =
        generateName.endsWith("-")
            ? generateName.substring(0, generateName.length() - 1)
            : generateName;
    if (templateHash != null && stem.endsWith("-" + templateHash)) {
      stem = stem.substring(0, stem.length() - templateHash.length() - 1);
    }
    return usable(stem);
  }
}
