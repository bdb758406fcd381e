package dev.handoff.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The operator's JAVA_TOOL_OPTIONS replaces the sidecar image's, so the two must say the same: a
 * flag added to the image alone (or an archive path that moved) would silently not apply to
 * injected sidecars.
 */
class SidecarJvmFlagsTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  private static String dockerfileJavaToolOptions() throws IOException {
    String dockerfile = Files.readString(REPO.resolve("sidecar/Dockerfile"));
    Matcher flags = Pattern.compile("(?m)^ARG JVM_FLAGS=\"([^\"]+)\"").matcher(dockerfile);
    Matcher env =
        Pattern.compile("(?m)^ENV JAVA_TOOL_OPTIONS=\"\\$\\{JVM_FLAGS} ([^\"]+)\"")
            .matcher(dockerfile);
    assertThat(flags.find()).as("ARG JVM_FLAGS in sidecar/Dockerfile").isTrue();
    assertThat(env.find()).as("ENV JAVA_TOOL_OPTIONS in sidecar/Dockerfile").isTrue();
    return flags.group(1) + " " + env.group(1);
  }

  @Test
  void operatorDefaultIsTheImagesOwnJavaToolOptions() throws IOException {
    assertThat(OperatorSettings.DEFAULT_JAVA_OPTIONS).isEqualTo(dockerfileJavaToolOptions());
  }

  @Test
  void imageBuildsTheArchiveItsFlagsName() throws IOException {
    String dockerfile = Files.readString(REPO.resolve("sidecar/Dockerfile"));
    Matcher archive =
        Pattern.compile("-XX:SharedArchiveFile=(\\S+)")
            .matcher(OperatorSettings.DEFAULT_JAVA_OPTIONS);
    assertThat(archive.find()).isTrue();
    // JDK 17: a static archive of a start's class list; JDK 25: an AOT cache of the same start.
    assertThat(dockerfile)
        .contains("-Xshare:dump -XX:SharedClassListFile=")
        .containsPattern(
            "-Xshare:dump \\S+ -XX:SharedArchiveFile=" + Pattern.quote(archive.group(1)))
        .contains("-XX:AOTCacheOutput=" + archive.group(1));
  }

  @Test
  void chartPassesTheSameDefaultToTheOperator() throws IOException {
    List<String> values =
        Files.readAllLines(REPO.resolve("helm/handoff/values.yaml")).stream()
            .map(String::strip)
            .toList();
    assertThat(values).contains("javaOptions: \"" + OperatorSettings.DEFAULT_JAVA_OPTIONS + "\"");
  }

  @Test
  void everyInjectedSidecarKeepsTheHeapOnTheContainerLimitAndExitsOnOutOfMemory() {
    assertThat(OperatorSettings.DEFAULT_JAVA_OPTIONS.split(" "))
        .contains("-XX:MaxRAMPercentage=70", "-XX:+ExitOnOutOfMemoryError")
        .noneMatch(f -> f.startsWith("-Xmx"));
  }
}
