package dev.handoff.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks measure the sidecar as deployed: their flags are the image's, read from
 * sidecar/Dockerfile.
 */
class ContainerFlagsTest {
  @Test
  void imageFlagsAreTheDockerfilesJvmFlags() throws IOException {
    String dockerfile = Files.readString(Path.of("..", "sidecar", "Dockerfile"));
    Matcher m = Pattern.compile("(?m)^ARG JVM_FLAGS=\"([^\"]+)\"").matcher(dockerfile);
    assertThat(m.find()).as("ARG JVM_FLAGS in sidecar/Dockerfile").isTrue();
    assertThat(ContainerFlags.IMAGE).containsExactly(m.group(1).split(" "));
  }

  @Test
  void imageEnvIsTheDockerfilesEnv() throws IOException {
    String dockerfile = Files.readString(Path.of("..", "sidecar", "Dockerfile"));
    ContainerFlags.IMAGE_ENV.forEach(
        (name, value) ->
            assertThat(dockerfile).containsPattern("(?m)^ENV " + name + "=" + value + "$"));
  }

  @Test
  void aFixedHeapComesOnTopOfTheContainerFlags() {
    assertThat(ContainerFlags.withHeap("512m"))
        .startsWith(ContainerFlags.SIDECAR.toArray(String[]::new))
        .endsWith("-Xmx512m");
  }

  @Test
  void withoutDropsOnlyTheNamedFlags() {
    List<String> flags = ContainerFlags.without(ContainerFlags.SIDECAR, "-XX:-UsePerfData");
    assertThat(flags).doesNotContain("-XX:-UsePerfData").hasSize(ContainerFlags.SIDECAR.size() - 1);
  }
}
