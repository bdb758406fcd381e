package dev.handoff.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The container footprint runs the image as a pod does: its JVM flags, the default 512Mi limit,
 * podman as it works here.
 */
class PodmanSidecarTest {
  private final List<String> command =
      PodmanSidecar.command(
          "/usr/bin/podman",
          "/usr/sbin/runc",
          "ghcr.io/handoff-dev/handoff-sidecar:0.1.0",
          "handoff-bench-footprint-1",
          Map.of("HANDOFF_APP", "bench"));

  @Test
  void runsTheImageUnderTheDefaultMemoryLimit() {
    assertThat(command)
        .containsSubsequence("--memory", "512m")
        .endsWith("ghcr.io/handoff-dev/handoff-sidecar:0.1.0");
  }

  @Test
  void carriesTheImagesJvmFlagsAsTheDockerfileSetsThem() throws IOException {
    String dockerfile = Files.readString(Path.of("..", "sidecar", "Dockerfile"));
    Matcher flags = Pattern.compile("(?m)^ARG JVM_FLAGS=\"([^\"]+)\"").matcher(dockerfile);
    Matcher env =
        Pattern.compile("(?m)^ENV JAVA_TOOL_OPTIONS=\"\\$\\{JVM_FLAGS} ([^\"]+)\"")
            .matcher(dockerfile);
    assertThat(flags.find() && env.find())
        .as("JVM_FLAGS and JAVA_TOOL_OPTIONS in sidecar/Dockerfile")
        .isTrue();

    assertThat(command)
        .containsSubsequence("-e", "JAVA_TOOL_OPTIONS=" + flags.group(1) + " " + env.group(1));
  }

  @Test
  void leavesTheHeapToTheCgroupLimitNotToMaxRam() {
    assertThat(String.join(" ", command)).doesNotContain("MaxRAM=");
  }

  @Test
  void runsPodmanWithRuncAndCgroupfsAndNeverPulls() {
    assertThat(command)
        .startsWith(
            "/usr/bin/podman", "--runtime", "/usr/sbin/runc", "--cgroup-manager", "cgroupfs", "run")
        .contains("--rm", "--pull=never")
        .containsSubsequence("--name", "handoff-bench-footprint-1");
  }

  @Test
  void passesTheSidecarsSettings() {
    assertThat(command).containsSubsequence("-e", "HANDOFF_APP=bench");
  }

  @Test
  void containersConfEmptiesTheDefaultUlimits() {
    assertThat(PodmanSidecar.containersConf()).contains("default_ulimits = []");
  }
}
