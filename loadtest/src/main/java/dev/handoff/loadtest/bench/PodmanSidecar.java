package dev.handoff.loadtest.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The command line that runs the sidecar image with podman the way a pod runs it: the default 512Mi
 * memory limit (so the JVM sizes its heap from the cgroup, as in a pod), the JVM flags the operator
 * injects, the image's own entrypoint, and the host's network so it reaches our redis-server and we
 * reach its ports.
 */
final class PodmanSidecar {
  /** The chart's default sidecar memory limit (512Mi). */
  static final String MEMORY_LIMIT = "512m";

  /**
   * podman as it works on these machines (scripts/e2e/podman-env.sh): crun fails on the hybrid
   * cgroup v1 layout, systemd does not manage the containers' cgroups, and no rlimit may be raised
   * (the containers.conf written by {@link #containersConf} empties the default ulimits).
   */
  static List<String> command(
      String podman, String runc, String image, String name, Map<String, String> env) {
    return command(podman, runc, image, name, env, ContainerFlags.IN_IMAGE);
  }

  /**
   * @param javaOptions the JAVA_TOOL_OPTIONS to run with, for an image built differently (another
   *     JDK, an AOT cache)
   */
  static List<String> command(
      String podman,
      String runc,
      String image,
      String name,
      Map<String, String> env,
      List<String> javaOptions) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                podman,
                "--runtime",
                runc,
                "--cgroup-manager",
                "cgroupfs",
                "run",
                "--rm",
                "--pull=never",
                "--name",
                name,
                "--memory",
                MEMORY_LIMIT,
                "--network",
                "host"));
    // The operator injects these in every pod; the image's ENV says the same, this keeps the two
    // from drifting.
    Map<String, String> all = new TreeMap<>(env);
    all.put("JAVA_TOOL_OPTIONS", String.join(" ", javaOptions));
    all.forEach((k, v) -> cmd.addAll(List.of("-e", k + "=" + v)));
    cmd.add(image);
    return List.copyOf(cmd);
  }

  /**
   * The containers.conf podman needs here (pointed at by CONTAINERS_CONF; /etc/containers stays
   * untouched).
   */
  static String containersConf() {
    return """
        [containers]
        default_ulimits = []

        [engine]
        events_logger = "file"
        """;
  }

  static Map<String, String> podmanEnv(Path conf) {
    return Map.of("CONTAINERS_CONF", conf.toAbsolutePath().toString());
  }
}
