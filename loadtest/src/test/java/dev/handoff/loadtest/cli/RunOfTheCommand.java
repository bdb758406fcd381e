package dev.handoff.loadtest.cli;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of {@code rolling-deploy} (its flags only) inside the test JVM: its exit code, what it
 * printed and its report.
 */
record RunOfTheCommand(int exitCode, String out, String err, Path reportDir) {

  static RunOfTheCommand run(Path reportDir, String... flags) {
    List<String> args = new ArrayList<>(List.of(flags));
    args.addAll(List.of("--report-dir", reportDir.toString(), "--no-progress"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new RollingDeployCommand(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(args.toArray(String[]::new));
    return new RunOfTheCommand(
        code,
        out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8),
        reportDir);
  }

  JsonObject json() {
    try {
      return new JsonObject(Files.readString(reportDir.resolve("report.json")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String html() {
    try {
      return Files.readString(reportDir.resolve("report.html"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<JsonObject> deploys() {
    return json().getJsonArray("deploys").stream().map(JsonObject.class::cast).toList();
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n" + out + "\n" + err;
  }
}
