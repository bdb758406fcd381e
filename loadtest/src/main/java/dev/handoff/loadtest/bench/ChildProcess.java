package dev.handoff.loadtest.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server this benchmark started (sidecar jar, nginx, redis, a bare server): its pid for RSS
 * readings, its output in a log file, and a stop that ends exactly this process, never one found by
 * name.
 */
public final class ChildProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final long startedNanos;

  private ChildProcess(String name, Process process, long startedNanos) {
    this.name = name;
    this.process = process;
    this.startedNanos = startedNanos;
  }

  public static ChildProcess spawn(
      String name, List<String> command, Map<String, String> env, Path log) {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
      pb.environment().putAll(env);
      long started = System.nanoTime();
      return new ChildProcess(name, pb.start(), started);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  /** The JVM this benchmark runs on, for child JVMs. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** Polls {@code url} until it answers 200; returns the time from spawn to that answer. */
  public Duration awaitOk(URI url, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive())
        throw new IllegalStateException(name + " exited with " + process.exitValue());
      if (answersOk(url)) return Duration.ofNanos(System.nanoTime() - startedNanos);
      sleep(5);
    }
    throw new IllegalStateException(name + " not ready at " + url + " within " + limit);
  }

  static boolean answersOk(URI url) {
    try {
      HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
      c.setConnectTimeout(200);
      c.setReadTimeout(1000);
      int code = c.getResponseCode();
      c.disconnect();
      return code == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** The one child this process forked (nginx's worker); -1 if there is none or several. */
  public long pidOfOnlyChild() {
    List<ProcessHandle> kids = process.children().toList();
    return kids.size() == 1 ? kids.get(0).pid() : -1;
  }

  /** Resident set size in KiB from /proc/<pid>/status (VmRSS). */
  public long rssKib() {
    return ProcStatus.rssKib(process.pid());
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (!process.isAlive()) return;
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
