package dev.handoff.browser;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Every command Redis executes, as {@code redis-cli MONITOR} prints it: snapshots are taken
 * (GETDEL) as soon as a client comes back, so looking at the keys afterwards would prove nothing
 * about what was once written.
 */
final class RedisMonitor implements AutoCloseable {
  private final Path output;
  private final Process process;

  private RedisMonitor(Path output, Process process) {
    this.output = output;
    this.process = process;
  }

  static RedisMonitor attach(int port) {
    try {
      Path output = Files.createTempFile("handoff-redis-monitor-", ".log");
      Process process =
          new ProcessBuilder(
                  "redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port), "monitor")
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      RedisMonitor monitor = new RedisMonitor(output, process);
      await("redis-cli monitor attached")
          .atMost(Duration.ofSeconds(10))
          .until(() -> monitor.log().contains("OK"));
      return monitor;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String log() {
    try {
      return Files.readString(output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      Files.deleteIfExists(output);
    } catch (IOException e) {
      // a temp file left behind is harmless
    }
  }
}
