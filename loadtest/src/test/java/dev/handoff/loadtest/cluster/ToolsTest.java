package dev.handoff.loadtest.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run finds the binaries it starts, installs the missing ones from Debian's packages, or says so
 * in one line.
 */
class ToolsTest {
  @TempDir Path bin;

  @Test
  void aBinaryInTheSearchPathIsUsedWithoutInstallingAnything() {
    executable(bin.resolve("wrk"));
    List<String> asked = new ArrayList<>();
    Tools tools =
        new Tools(
            List.of(bin),
            pkg -> {
              asked.add(pkg);
              return Optional.of("not allowed");
            });

    assertThat(tools.ensure(DebianPackage.WRK)).isEqualTo(bin.resolve("wrk").toString());
    assertThat(asked).isEmpty();
  }

  @Test
  void aMissingBinaryIsInstalledFromItsDebianPackage() {
    List<String> asked = new ArrayList<>();
    Tools tools =
        new Tools(
            List.of(bin),
            pkg -> {
              asked.add(pkg);
              executable(bin.resolve("redis-benchmark"));
              return Optional.empty();
            });

    assertThat(tools.ensure(DebianPackage.REDIS_BENCHMARK))
        .isEqualTo(bin.resolve("redis-benchmark").toString());
    assertThat(asked).containsExactly("redis-tools");
  }

  @Test
  void aBinaryThatCannotBeInstalledIsOneLineNamingItAndItsPackage() {
    Tools tools = new Tools(List.of(bin), pkg -> Optional.of("installing is not allowed here"));

    assertThatThrownBy(() -> tools.ensure(DebianPackage.NGINX))
        .isInstanceOf(MissingServerException.class)
        .hasMessageContaining("nginx is not installed")
        .hasMessageContaining("installing is not allowed here")
        .hasMessageContaining("apt-get install nginx")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aFileThatIsNotExecutableIsNotTheBinary() throws IOException {
    Files.writeString(bin.resolve("haproxy"), "");
    Tools tools = new Tools(List.of(bin), pkg -> Optional.of("no"));

    assertThatThrownBy(() -> tools.ensure(DebianPackage.HAPROXY))
        .isInstanceOf(MissingServerException.class);
  }

  static void executable(Path file) {
    try {
      Files.writeString(file, "#!/bin/sh\nexit 0\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
