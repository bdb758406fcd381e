package dev.handoff.loadtest.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short command (redis-benchmark, wrk, redis-cli) to completion and returns its output. */
final class Shell {
  private Shell() {}

  static String run(List<String> command, int timeoutSeconds) {
    return run(command, timeoutSeconds, java.util.Map.of());
  }

  static String run(List<String> command, int timeoutSeconds, java.util.Map<String, String> env) {
    try {
      // coreutils timeout ends a tool that spins (redis-benchmark retries a refused port forever).
      List<String> bounded =
          new java.util.ArrayList<>(List.of("/usr/bin/timeout", Integer.toString(timeoutSeconds)));
      bounded.addAll(command);
      ProcessBuilder pb = new ProcessBuilder(bounded).redirectErrorStream(true);
      pb.environment().putAll(env);
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeoutSeconds + 5L, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            command.get(0) + " did not finish in " + timeoutSeconds + " s");
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
