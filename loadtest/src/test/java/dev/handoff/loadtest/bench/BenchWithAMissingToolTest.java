package dev.handoff.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.loadtest.cluster.Tools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * On a machine that lacks a tool a benchmark needs and may not install it, the benchmark stops
 * before it starts anything, with one line naming the tool and its Debian package, and exit code 3;
 * never a stack trace. Every other tool is there (as a stand-in executable), so each row proves
 * that one tool's check.
 */
class BenchWithAMissingToolTest {
  private static final List<String> EVERY_TOOL =
      List.of(
          "redis-server",
          "redis-cli",
          "redis-benchmark",
          "wrk",
          "nginx",
          "haproxy",
          "podman",
          "runc");

  @TempDir Path bin;
  @TempDir Path out;

  @ParameterizedTest(name = "bench {0} without {1}")
  @CsvSource({
    "proxy, wrk, wrk",
    "proxy, nginx, nginx",
    "memory, nginx, nginx",
    "drain, redis-server, redis-server",
    "drain, redis-benchmark, redis-tools",
    "restore, redis-cli, redis-tools",
    "footprint, redis-server, redis-server",
    "footprint --container localhost/handoff-sidecar:test, podman, podman",
    "footprint --container localhost/handoff-sidecar:test, runc, runc",
    "steering --cluster processes, haproxy, haproxy",
  })
  void stopsWithOneLineNamingTheMissingTool(String bench, String missing, String pkg) {
    for (String tool : EVERY_TOOL) if (!tool.equals(missing)) executable(bin.resolve(tool));
    List<String> asked = new ArrayList<>();
    Tools refusing =
        new Tools(
            List.of(bin),
            p -> {
              asked.add(p);
              return Optional.of("installing is not allowed here");
            });
    List<String> args = new ArrayList<>(Arrays.asList(bench.split(" ")));
    args.addAll(List.of("--out", out.toString()));
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    int code = BenchCommand.run(args, refusing, print(stdout), print(stderr));

    String err = stderr.toString(StandardCharsets.UTF_8);
    assertThat(code).isEqualTo(BenchSequence.MISSING_TOOL);
    assertThat(err.lines())
        .singleElement()
        .asString()
        .contains(missing + " is not installed")
        .contains("apt-get install " + pkg)
        .doesNotContain("Exception");
    assertThat(asked).containsExactly(pkg);
    assertThat(stdout.toString(StandardCharsets.UTF_8)).doesNotContain("\tat ");
  }

  private static PrintStream print(ByteArrayOutputStream to) {
    return new PrintStream(to, true, StandardCharsets.UTF_8);
  }

  private static void executable(Path file) {
    try {
      Files.writeString(file, "#!/bin/sh\nexit 0\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
