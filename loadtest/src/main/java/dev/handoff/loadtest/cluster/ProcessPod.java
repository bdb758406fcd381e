package dev.handoff.loadtest.cluster;

import dev.handoff.contract.Settings;
import dev.handoff.sidecar.handoff.DrainReport;
import dev.handoff.testkit.FreePort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pod as two real OS processes: the demo app ({@code dev.handoff.demo.DemoApp}) and the sidecar
 * ({@code dev.handoff.sidecar.Main}) in front of it. Stopped the way the kubelet stops a pod whose
 * sidecar drains: SIGTERM to the sidecar, which drains and exits, then SIGTERM to the app.
 */
final class ProcessPod implements Pod {
  private static final Duration APP_GRACE = Duration.ofSeconds(10);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private static final Pattern DRAIN_FINISHED =
      Pattern.compile(
          "event=drain_finished .*took_ms=(\\d+) opted_in=(\\d+) stored=(\\d+) too_large=(\\d+) timeout=(\\d+)"
              + " store_error=(\\d+) plain_closed=(\\d+) aborted=(\\d+)");

  private final String name;
  private final long version;
  private final int proxyPort;
  private final int adminPort;
  private final Duration drainTimeout;
  private final ServerProcess app;
  private final ServerProcess sidecar;
  private volatile CompletableFuture<Void> appExit = CompletableFuture.completedFuture(null);

  private ProcessPod(
      String name,
      long version,
      int proxyPort,
      int adminPort,
      Duration drainTimeout,
      ServerProcess app,
      ServerProcess sidecar) {
    this.name = name;
    this.version = version;
    this.proxyPort = proxyPort;
    this.adminPort = adminPort;
    this.drainTimeout = drainTimeout;
    this.app = app;
    this.sidecar = sidecar;
  }

  static ProcessPod start(
      String name,
      long version,
      ClusterSettings settings,
      String redisUrl,
      Map<String, String> sidecarEnv) {
    int[] ports = FreePort.distinct(3);
    int appPort = ports[0];
    int proxyPort = ports[1];
    int adminPort = ports[2];
    Path logs = settings.logDir();
    ServerProcess app =
        ServerProcess.spawn(
            name + " app",
            JavaCommand.of("dev.handoff.demo.DemoApp"),
            Map.of("PORT", Integer.toString(appPort), "APP_VERSION", Long.toString(version)),
            logs.resolve(name + "-app.log"));
    Map<String, String> env = new HashMap<>();
    env.put(Settings.APP.variable(), settings.app());
    env.put(Settings.VERSION.variable(), Settings.VERSION.format(version));
    env.put(Settings.LISTEN_PORT.variable(), Settings.LISTEN_PORT.format(proxyPort));
    env.put(Settings.ADMIN_PORT.variable(), Settings.ADMIN_PORT.format(adminPort));
    env.put(Settings.UPSTREAM.variable(), "http://127.0.0.1:" + appPort);
    env.put(Settings.REDIS_URL.variable(), redisUrl);
    env.put(
        Settings.DRAIN_TIMEOUT.variable(), Settings.DRAIN_TIMEOUT.format(settings.drainTimeout()));
    env.put(
        Settings.RECONNECT_SPREAD.variable(),
        Settings.RECONNECT_SPREAD.format(settings.reconnectSpread()));
    env.putAll(sidecarEnv);
    ServerProcess sidecar =
        ServerProcess.spawn(
            name + " sidecar",
            JavaCommand.of("dev.handoff.sidecar.Main"),
            env,
            logs.resolve(name + "-sidecar.log"));
    ProcessPod pod =
        new ProcessPod(name, version, proxyPort, adminPort, settings.drainTimeout(), app, sidecar);
    try {
      app.awaitUp(() -> FreePort.accepting(appPort), Duration.ofSeconds(60));
      sidecar.awaitUp(pod::ready, Duration.ofSeconds(60));
    } catch (RuntimeException e) {
      sidecar.kill();
      app.kill();
      throw e;
    }
    return pod;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long version() {
    return version;
  }

  @Override
  public int proxyPort() {
    return proxyPort;
  }

  @Override
  public int adminPort() {
    return adminPort;
  }

  /**
   * GET /readyz on the admin port; blocking, so only for the deploy thread (HAProxy probes on its
   * own).
   */
  @Override
  public boolean ready() {
    try {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/readyz"))
              .timeout(Duration.ofSeconds(2))
              .build();
      return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public PodStop stop() {
    long started = System.nanoTime();
    int exit = sidecar.terminate(drainTimeout.plusSeconds(15));
    long wall = (System.nanoTime() - started) / 1_000_000;
    // The app gets its SIGTERM once the sidecar is gone, as in a pod whose native sidecar drains
    // first; the
    // rollout does not wait for the app to exit (Kubernetes does not either), and close() kills
    // stragglers.
    appExit = CompletableFuture.runAsync(() -> app.terminate(APP_GRACE));
    Optional<DrainReport> report = drainReport(sidecar.output());
    if (exit != 0) {
      throw new IllegalStateException(
          "sidecar of "
              + name
              + " exited with "
              + exit
              + " after SIGTERM (log: "
              + sidecar.log()
              + ")");
    }
    return new PodStop(name, version, report.map(DrainReport::durationMillis).orElse(wall), report);
  }

  /** The sidecar logs one {@code event=drain_finished} line with its counts; that is its report. */
  static Optional<DrainReport> drainReport(String log) {
    Matcher m = DRAIN_FINISHED.matcher(log);
    if (!m.find()) return Optional.empty();
    return Optional.of(
        new DrainReport(
            Long.parseLong(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)),
            Integer.parseInt(m.group(4)),
            Integer.parseInt(m.group(5)),
            Integer.parseInt(m.group(6)),
            Integer.parseInt(m.group(7)),
            Integer.parseInt(m.group(8))));
  }

  /** Ends whatever is still running, at the end of the run. */
  void kill() {
    sidecar.kill();
    app.kill();
    appExit.join();
  }
}
