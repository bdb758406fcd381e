package dev.handoff.testkit;

import static org.awaitility.Awaitility.await;

import java.io.File;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A sidecar as a real OS process ({@code dev.handoff.sidecar.Main}, started by name from the test's
 * class path: the testkit does not depend on the sidecar, whose own tests use it), stopped by a
 * real SIGTERM or SIGKILL. Its output goes to a file under {@code target/} that {@link #output()}
 * reads.
 */
public final class SidecarProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Map<String, String> env;
  private final List<String> args;
  private final int proxyPort;
  private final int adminPort;
  private final Path log;
  private Process process;

  private SidecarProcess(
      Map<String, String> env, List<String> args, int proxyPort, int adminPort, Path log) {
    this.env = env;
    this.args = args;
    this.proxyPort = proxyPort;
    this.adminPort = adminPort;
    this.log = log;
  }

  public static Builder builder(String app, long version) {
    return new Builder(app, version);
  }

  /** Settings as the sidecar's environment variables; ports are free ones unless set. */
  public static final class Builder {
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> args = new ArrayList<>();
    private final int[] freePorts = FreePort.distinct(2);
    private int proxyPort = freePorts[0];
    private int adminPort = freePorts[1];
    private java.util.function.Consumer<SidecarProcess> onLaunch = p -> {};

    private Builder(String app, long version) {
      env.put("HANDOFF_APP", app);
      env.put("HANDOFF_VERSION", Long.toString(version));
      env.put("HANDOFF_DRAIN_TIMEOUT", "10s");
      env.put("HANDOFF_RECONNECT_SPREAD", "200ms");
    }

    public Builder upstream(String url) {
      return env("HANDOFF_UPSTREAM", url);
    }

    public Builder redis(String url) {
      return env("HANDOFF_REDIS_URL", url);
    }

    public Builder ports(int proxy, int admin) {
      this.proxyPort = proxy;
      this.adminPort = admin;
      return this;
    }

    /** Command-line arguments after the main class (flags, or {@code drain}). */
    public Builder args(String... more) {
      args.addAll(List.of(more));
      return this;
    }

    Builder onLaunch(java.util.function.Consumer<SidecarProcess> onLaunch) {
      this.onLaunch = onLaunch;
      return this;
    }

    public Builder env(String name, String value) {
      if (value == null) env.remove(name);
      else env.put(name, value);
      return this;
    }

    /** Starts the process without waiting for it to be ready (for start-up failures). */
    public SidecarProcess launch() {
      env.put("HANDOFF_LISTEN_PORT", Integer.toString(proxyPort));
      env.put("HANDOFF_ADMIN_PORT", Integer.toString(adminPort));
      Path dir = Path.of("target", "sidecar-logs");
      try {
        Files.createDirectories(dir);
        Path log =
            Files.createTempFile(
                dir, env.get("HANDOFF_APP") + "-v" + env.get("HANDOFF_VERSION") + "-", ".log");
        SidecarProcess p =
            new SidecarProcess(Map.copyOf(env), List.copyOf(args), proxyPort, adminPort, log);
        p.spawn();
        onLaunch.accept(p);
        return p;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Starts the process and waits until {@code /readyz} answers 200. */
    public SidecarProcess start() {
      SidecarProcess p = launch();
      p.awaitReady();
      return p;
    }
  }

  private void spawn() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xss512k",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.handoff.sidecar.Main"));
    command.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("HANDOFF_"));
    pb.environment().putAll(env);
    process = pb.start();
  }

  public void awaitReady() {
    await("sidecar " + env.get("HANDOFF_APP") + " v" + env.get("HANDOFF_VERSION") + " ready")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(
            () -> {
              if (!process.isAlive())
                throw new AssertionError("sidecar exited early:\n" + output());
              return get("/readyz").statusCode() == 200;
            });
  }

  public int proxyPort() {
    return proxyPort;
  }

  public int adminPort() {
    return adminPort;
  }

  public String proxyUrl() {
    return "http://127.0.0.1:" + proxyPort;
  }

  public String adminUrl() {
    return "http://127.0.0.1:" + adminPort;
  }

  public long pid() {
    return process.pid();
  }

  /** A GET on the admin port. */
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(adminUrl() + path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The metrics the sidecar exports, as Prometheus text. */
  public String metrics() {
    try {
      return get("/metrics").body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A real SIGTERM, as the kubelet sends. */
  public void sigterm() {
    process.destroy();
  }

  /** A real SIGKILL: no drain. */
  public void sigkill() {
    process.destroyForcibly();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public int awaitExit(Duration within) {
    try {
      if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("sidecar still running after " + within + ":\n" + output());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return process.exitValue();
  }

  /** Everything the process printed so far. */
  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  public File logFile() {
    return log.toFile();
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
