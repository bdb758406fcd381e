package dev.handoff.helm;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Pod Security Standards' "restricted" profile (which includes "baseline"), written from the
 * standard's field-by-field table, not from our templates: {@link #violations} names every field a
 * pod spec gets wrong, the way Pod Security admission would refuse it. Windows-only and
 * AppArmor/SELinux fields are out of scope: the chart sets none of them, and a pod that set them is
 * still reported by the fields it gets wrong below.
 */
final class RestrictedProfile {

  /** restricted: "Volume Types" — everything else (hostPath included) is refused. */
  static final Set<String> ALLOWED_VOLUME_TYPES =
      Set.of(
          "configMap",
          "csi",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "persistentVolumeClaim",
          "projected",
          "secret");

  private static final Set<String> ALLOWED_SECCOMP = Set.of("RuntimeDefault", "Localhost");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private RestrictedProfile() {}

  static List<String> violations(PodSpec pod) {
    List<String> found = new ArrayList<>();
    PodSecurityContext podContext =
        pod.getSecurityContext() == null ? new PodSecurityContext() : pod.getSecurityContext();
    if (Boolean.TRUE.equals(pod.getHostNetwork())) {
      found.add("hostNetwork must not be true");
    }
    if (Boolean.TRUE.equals(pod.getHostPID())) {
      found.add("hostPID must not be true");
    }
    if (Boolean.TRUE.equals(pod.getHostIPC())) {
      found.add("hostIPC must not be true");
    }
    if (Long.valueOf(0).equals(podContext.getRunAsUser())) {
      found.add("pod runAsUser must not be 0");
    }
    String podSeccomp = seccomp(podContext.getSeccompProfile());
    if (podSeccomp != null && !ALLOWED_SECCOMP.contains(podSeccomp)) {
      found.add("pod seccompProfile must be RuntimeDefault or Localhost, not " + podSeccomp);
    }
    for (Volume volume : nullSafe(pod.getVolumes())) {
      for (String type : volumeTypes(volume)) {
        if (!ALLOWED_VOLUME_TYPES.contains(type)) {
          found.add("volume " + volume.getName() + " is of type " + type);
        }
      }
    }
    List<Container> containers =
        Stream.of(nullSafe(pod.getInitContainers()), nullSafe(pod.getContainers()))
            .flatMap(List::stream)
            .toList();
    for (Container container : containers) {
      found.addAll(violations(container, podContext));
    }
    return found;
  }

  private static List<String> violations(Container container, PodSecurityContext pod) {
    List<String> found = new ArrayList<>();
    String name = "container " + container.getName() + ": ";
    SecurityContext context =
        container.getSecurityContext() == null
            ? new SecurityContext()
            : container.getSecurityContext();
    if (Boolean.TRUE.equals(context.getPrivileged())) {
      found.add(name + "privileged must not be true");
    }
    if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
      found.add(name + "allowPrivilegeEscalation must be false");
    }
    // runAsNonRoot: true at pod level or on the container, and never false on the container.
    boolean nonRoot =
        context.getRunAsNonRoot() != null
            ? context.getRunAsNonRoot()
            : Boolean.TRUE.equals(pod.getRunAsNonRoot());
    if (!nonRoot) {
      found.add(name + "runAsNonRoot must be true (pod or container)");
    }
    if (Long.valueOf(0).equals(context.getRunAsUser())) {
      found.add(name + "runAsUser must not be 0");
    }
    String seccomp = seccomp(context.getSeccompProfile());
    String effective = seccomp != null ? seccomp : seccomp(pod.getSeccompProfile());
    if (effective == null || !ALLOWED_SECCOMP.contains(effective)) {
      found.add(
          name
              + "seccompProfile must be RuntimeDefault or Localhost (pod or container), is "
              + effective);
    }
    Capabilities capabilities = context.getCapabilities();
    List<String> drop = capabilities == null ? List.of() : nullSafe(capabilities.getDrop());
    List<String> add = capabilities == null ? List.of() : nullSafe(capabilities.getAdd());
    if (!drop.contains("ALL")) {
      found.add(name + "capabilities must drop ALL");
    }
    add.stream()
        .filter(capability -> !capability.equals("NET_BIND_SERVICE"))
        .forEach(
            capability ->
                found.add(name + "capabilities may add only NET_BIND_SERVICE, not " + capability));
    if (context.getProcMount() != null && !context.getProcMount().equals("Default")) {
      found.add(name + "procMount must be Default");
    }
    for (ContainerPort port : nullSafe(container.getPorts())) {
      if (port.getHostPort() != null && port.getHostPort() != 0) {
        found.add(name + "hostPort " + port.getHostPort() + " is not allowed");
      }
    }
    return found;
  }

  /** The volume source fields that are set, e.g. ["emptyDir"], as the API names them. */
  @SuppressWarnings("unchecked")
  private static List<String> volumeTypes(Volume volume) {
    Map<String, Object> fields = SERIALIZATION.unmarshal(SERIALIZATION.asJson(volume), Map.class);
    return fields.entrySet().stream()
        .filter(entry -> !entry.getKey().equals("name") && entry.getValue() != null)
        .map(Map.Entry::getKey)
        .toList();
  }

  private static String seccomp(SeccompProfile profile) {
    return profile == null ? null : profile.getType();
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
  }
}
