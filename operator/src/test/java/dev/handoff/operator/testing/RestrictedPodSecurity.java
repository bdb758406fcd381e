package dev.handoff.operator.testing;

import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The Pod Security Standards "restricted" profile (which includes "baseline"), written from the
 * standard (kubernetes.io/docs/concepts/security/pod-security-standards, latest version) rather
 * than from the webhook's code. Each violation names its subject (the pod, a volume, or one
 * container), so a test can ask about the containers the webhook adds apart from the app's own.
 */
public final class RestrictedPodSecurity {

  /**
   * Who broke a rule: {@code "pod"}, {@code "volume <name>"} or {@code "container <name>"}; and
   * which rule.
   */
  public record Violation(String subject, String rule) {
    public boolean concernsContainer(String name) {
      return subject.equals("container " + name);
    }

    @Override
    public String toString() {
      return subject + ": " + rule;
    }
  }

  private static final Set<String> ALLOWED_VOLUME_TYPES =
      Set.of(
          "configMap",
          "csi",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "persistentVolumeClaim",
          "projected",
          "secret");

  /** Baseline "Sysctls": the safe set; everything else is forbidden. */
  private static final Set<String> SAFE_SYSCTLS =
      Set.of(
          "kernel.shm_rmid_forced",
          "net.ipv4.ip_local_port_range",
          "net.ipv4.ip_unprivileged_port_start",
          "net.ipv4.tcp_syncookies",
          "net.ipv4.ping_group_range",
          "net.ipv4.ip_local_reserved_ports",
          "net.ipv4.tcp_keepalive_time",
          "net.ipv4.tcp_fin_timeout",
          "net.ipv4.tcp_keepalive_intvl",
          "net.ipv4.tcp_keepalive_probes");

  private static final Set<String> SELINUX_TYPES =
      Set.of("container_t", "container_init_t", "container_kvm_t", "container_engine_t");
  private static final String APPARMOR_ANNOTATION =
      "container.apparmor.security.beta.kubernetes.io/";

  private RestrictedPodSecurity() {}

  public static List<Violation> violations(Pod pod) {
    List<Violation> found = new ArrayList<>();
    PodSpec spec = pod.getSpec();
    PodSecurityContext podContext =
        Optional.ofNullable(spec.getSecurityContext()).orElse(new PodSecurityContext());

    // Baseline: host namespaces.
    check(
        found, "pod", !Boolean.TRUE.equals(spec.getHostNetwork()), "hostNetwork must not be true");
    check(found, "pod", !Boolean.TRUE.equals(spec.getHostPID()), "hostPID must not be true");
    check(found, "pod", !Boolean.TRUE.equals(spec.getHostIPC()), "hostIPC must not be true");
    // Baseline: HostProcess, sysctls, SELinux, AppArmor at pod level.
    check(
        found,
        "pod",
        !hostProcess(podContext.getWindowsOptions()),
        "windowsOptions.hostProcess must not be true");
    for (Sysctl sysctl : Optional.ofNullable(podContext.getSysctls()).orElse(List.of())) {
      check(
          found,
          "pod",
          SAFE_SYSCTLS.contains(sysctl.getName()),
          "sysctl " + sysctl.getName() + " is not safe");
    }
    seLinux(found, "pod", podContext.getSeLinuxOptions());
    appArmor(found, "pod", podContext.getAppArmorProfile());
    // Restricted: non-root and seccomp at pod level (containers may inherit them).
    check(
        found,
        "pod",
        !Boolean.FALSE.equals(podContext.getRunAsNonRoot()),
        "runAsNonRoot must not be false");
    check(
        found,
        "pod",
        !Long.valueOf(0).equals(podContext.getRunAsUser()),
        "runAsUser must not be 0");
    check(
        found,
        "pod",
        podContext.getSeccompProfile() == null || seccompAllowed(podContext.getSeccompProfile()),
        "seccompProfile.type must be RuntimeDefault or Localhost");
    Map<String, String> annotations =
        Optional.ofNullable(pod.getMetadata().getAnnotations()).orElse(Map.of());
    annotations.forEach(
        (name, value) -> {
          if (name.startsWith(APPARMOR_ANNOTATION)) {
            check(
                found,
                "pod",
                value.equals("runtime/default") || value.startsWith("localhost/"),
                "AppArmor annotation " + name + " must be runtime/default or localhost/*");
          }
        });

    for (Volume volume : Optional.ofNullable(spec.getVolumes()).orElse(List.of())) {
      String type = volumeType(volume);
      check(
          found,
          "volume " + volume.getName(),
          ALLOWED_VOLUME_TYPES.contains(type),
          "volume type " + type + " is not allowed");
    }

    Optional.ofNullable(spec.getInitContainers())
        .orElse(List.of())
        .forEach(
            c -> container(found, c.getName(), c.getSecurityContext(), c.getPorts(), podContext));
    Optional.ofNullable(spec.getContainers())
        .orElse(List.of())
        .forEach(
            c -> container(found, c.getName(), c.getSecurityContext(), c.getPorts(), podContext));
    Optional.ofNullable(spec.getEphemeralContainers())
        .orElse(List.of())
        .forEach(
            c -> container(found, c.getName(), c.getSecurityContext(), c.getPorts(), podContext));
    return found;
  }

  /** The violations whose subject is one of the named containers. */
  public static List<Violation> ofContainers(Pod pod, Predicate<String> name) {
    return violations(pod).stream()
        .filter(v -> v.subject().startsWith("container ") && name.test(v.subject().substring(10)))
        .toList();
  }

  private static void container(
      List<Violation> found,
      String name,
      SecurityContext given,
      List<ContainerPort> ports,
      PodSecurityContext pod) {
    String subject = "container " + name;
    SecurityContext context = Optional.ofNullable(given).orElse(new SecurityContext());
    // Baseline.
    check(
        found,
        subject,
        !Boolean.TRUE.equals(context.getPrivileged()),
        "privileged must not be true");
    check(
        found,
        subject,
        !hostProcess(context.getWindowsOptions()),
        "windowsOptions.hostProcess must not be true");
    check(
        found,
        subject,
        context.getProcMount() == null || context.getProcMount().equals("Default"),
        "procMount must be Default");
    seLinux(found, subject, context.getSeLinuxOptions());
    appArmor(found, subject, context.getAppArmorProfile());
    for (ContainerPort port : Optional.ofNullable(ports).orElse(List.of())) {
      check(
          found,
          subject,
          port.getHostPort() == null || port.getHostPort() == 0,
          "hostPort " + port.getHostPort() + " must not be set");
    }
    // Restricted: privilege escalation must be forbidden explicitly, on every container.
    check(
        found,
        subject,
        Boolean.FALSE.equals(context.getAllowPrivilegeEscalation()),
        "allowPrivilegeEscalation must be false");
    // Restricted: non-root, by the container's own setting or else the pod's; never an explicit
    // false or uid 0.
    boolean nonRoot =
        context.getRunAsNonRoot() != null
            ? context.getRunAsNonRoot()
            : Boolean.TRUE.equals(pod.getRunAsNonRoot());
    check(found, subject, nonRoot, "runAsNonRoot must be true (container or pod)");
    check(
        found, subject, !Long.valueOf(0).equals(context.getRunAsUser()), "runAsUser must not be 0");
    // Restricted: seccomp RuntimeDefault or Localhost, the container's or else the pod's.
    SeccompProfile seccomp =
        context.getSeccompProfile() != null ? context.getSeccompProfile() : pod.getSeccompProfile();
    check(
        found,
        subject,
        seccomp != null && seccompAllowed(seccomp),
        "seccompProfile.type must be RuntimeDefault or Localhost (container or pod)");
    // Restricted: drop ALL, add at most NET_BIND_SERVICE.
    Capabilities capabilities =
        Optional.ofNullable(context.getCapabilities()).orElse(new Capabilities());
    check(
        found,
        subject,
        Optional.ofNullable(capabilities.getDrop()).orElse(List.of()).contains("ALL"),
        "capabilities.drop must include ALL");
    for (String added : Optional.ofNullable(capabilities.getAdd()).orElse(List.of())) {
      check(
          found,
          subject,
          added.equals("NET_BIND_SERVICE"),
          "capability " + added + " must not be added");
    }
  }

  private static boolean seccompAllowed(SeccompProfile profile) {
    return "RuntimeDefault".equals(profile.getType()) || "Localhost".equals(profile.getType());
  }

  private static boolean hostProcess(WindowsSecurityContextOptions options) {
    return options != null && Boolean.TRUE.equals(options.getHostProcess());
  }

  private static void seLinux(List<Violation> found, String subject, SELinuxOptions options) {
    if (options == null) {
      return;
    }
    check(
        found,
        subject,
        options.getType() == null
            || options.getType().isEmpty()
            || SELINUX_TYPES.contains(options.getType()),
        "seLinuxOptions.type " + options.getType() + " is not allowed");
    check(
        found,
        subject,
        options.getUser() == null || options.getUser().isEmpty(),
        "seLinuxOptions.user must not be set");
    check(
        found,
        subject,
        options.getRole() == null || options.getRole().isEmpty(),
        "seLinuxOptions.role must not be set");
  }

  private static void appArmor(List<Violation> found, String subject, AppArmorProfile profile) {
    check(
        found,
        subject,
        profile == null
            || "RuntimeDefault".equals(profile.getType())
            || "Localhost".equals(profile.getType()),
        "appArmorProfile.type must be RuntimeDefault or Localhost");
  }

  private static String volumeType(Volume volume) {
    if (volume.getConfigMap() != null) {
      return "configMap";
    }
    if (volume.getCsi() != null) {
      return "csi";
    }
    if (volume.getDownwardAPI() != null) {
      return "downwardAPI";
    }
    if (volume.getEmptyDir() != null) {
      return "emptyDir";
    }
    if (volume.getEphemeral() != null) {
      return "ephemeral";
    }
    if (volume.getPersistentVolumeClaim() != null) {
      return "persistentVolumeClaim";
    }
    if (volume.getProjected() != null) {
      return "projected";
    }
    if (volume.getSecret() != null) {
      return "secret";
    }
    return volume.getHostPath() != null ? "hostPath" : "another type";
  }

  private static void check(List<Violation> found, String subject, boolean holds, String rule) {
    if (!holds) {
      found.add(new Violation(subject, rule));
    }
  }
}
