package dev.handoff.loadtest.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * An OS process with its output in a log file, stopped by a real SIGTERM (or SIGKILL when it
 * hangs).
 */
final class ServerProcess {
  private final String name;
  private final Process process;
  private final Path log;

  private ServerProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static ServerProcess spawn(String name, List<String> command, Map<String, String> env, Path log) {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder pb =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().keySet().removeIf(k -> k.startsWith("HANDOFF_"));
      pb.environment().putAll(env);
      return new ServerProcess(name, pb.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Polls {@code condition} until it holds; fails with the process's output if it exits or takes
   * too long.
   */
  void awaitUp(BooleanSupplier condition, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      if (!process.isAlive())
        throw new IllegalStateException(
            name + " exited early (" + process.exitValue() + "): " + tail());
      if (condition.getAsBoolean()) return;
      if (System.nanoTime() > deadline)
        throw new IllegalStateException(name + " not up within " + within + ": " + tail());
      try {
        Thread.sleep(25); // polling a process that cannot tell us when it is up
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** SIGTERM, then waits for the exit; SIGKILL after {@code grace}. Returns the exit code. */
  int terminate(Duration grace) {
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  void kill() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  private String tail() {
    String out = output().strip();
    String[] lines = out.split("\n");
    return lines.length == 0 ? "(no output)" : lines[lines.length - 1] + " (log: " + log + ")";
  }
}
