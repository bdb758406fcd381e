package dev.handoff.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An app server written for Node (a script under {@code client/test/apps/}, started with the {@code
 * node} on PATH) as a real process on a free loopback port, at a version. It loads its npm packages
 * from {@code client/node_modules} (installed by {@code npm ci}; nothing is downloaded at run
 * time). Output goes to a file under {@code target/}.
 */
public final class NodeApp implements AutoCloseable {
  // HTTP/1.1: a default client asks for an h2c upgrade, and an app server takes every Upgrade for a
  // WebSocket.
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /**
   * The packages the app scripts import; {@link #requireClientPackages()} checks they are
   * installed.
   */
  private static final List<String> PACKAGES =
      List.of("socket.io", "socket.io-client", "phoenix", "phoenix_live_view", "ws");

  private final String script;
  private final long version;
  private final int port;
  private final Path log;
  private final Process process;

  private NodeApp(String script, long version, int port, Path log, Process process) {
    this.script = script;
    this.version = version;
    this.port = port;
    this.log = log;
    this.process = process;
  }

  /**
   * The repository's {@code client/} directory, found from the working directory (a module's, or
   * the root).
   */
  public static Path clientDir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("client/package.json"))) return dir.resolve("client");
    }
    throw new IllegalStateException("no client/package.json above " + Path.of("").toAbsolutePath());
  }

  /**
   * Fails with one line saying what to run when the npm packages the app scripts use are not
   * installed.
   */
  public static void requireClientPackages() {
    Path modules = clientDir().resolve("node_modules");
    for (String name : PACKAGES) {
      if (!Files.isRegularFile(modules.resolve(name).resolve("package.json"))) {
        throw new IllegalStateException(
            modules + "/" + name + " is missing: run `cd client && npm ci` first");
      }
    }
  }

  /**
   * Starts {@code node client/test/apps/<script> --port P --version V <flags>} and waits until it
   * listens.
   *
   * @param flags the script's own switches, e.g. {@code --forgetful}
   */
  public static NodeApp start(String script, long version, String... flags) {
    requireClientPackages();
    Path client = clientDir();
    int port = FreePort.next();
    List<String> command =
        new ArrayList<>(
            List.of(
                "node",
                client.resolve("test/apps").resolve(script).toString(),
                "--port",
                Integer.toString(port),
                "--version",
                Long.toString(version)));
    command.addAll(List.of(flags));
    try {
      Path dir = Files.createDirectories(Path.of("target", "node-logs"));
      Path log =
          Files.createTempFile(dir, script.replace(".mjs", "") + "-v" + version + "-", ".log");
      Process process;
      try {
        process =
            new ProcessBuilder(command)
                .directory(client.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot start node (is Node.js on PATH?): " + e.getMessage(), e);
      }
      NodeApp app = new NodeApp(script, version, port, log, process);
      app.awaitListening();
      return app;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitListening() {
    await(script + " v" + version + " listening")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              if (!process.isAlive())
                throw new AssertionError(
                    script + " exited with " + process.exitValue() + ":\n" + output());
              return output().contains("listening on 127.0.0.1:" + port);
            });
  }

  public long version() {
    return version;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** A GET straight to the app (not through a sidecar); the body. */
  public String get(String pathAndQuery) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url() + pathAndQuery))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200)
        throw new AssertionError("GET " + pathAndQuery + ": " + response.statusCode());
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Everything the process printed so far. */
  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the process at once (SIGKILL). */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
