package dev.handoff.operator.injection;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Names for the volumes the webhook adds, so they never collide with a volume the pod already has.
 */
final class VolumeName {

  private VolumeName() {}

  /** {@code base}, or {@code base}-1, -2… when the pod already has a volume of that name. */
  static String free(PodSpec spec, String base) {
    Set<String> taken =
        Optional.ofNullable(spec.getVolumes()).orElse(List.of()).stream()
            .map(Volume::getName)
            .collect(Collectors.toSet());
    String name = base;
    for (int attempt = 1; taken.contains(name); attempt++) {
      name = base + "-" + attempt;
    }
    return name;
  }
}
