package dev.handoff.testkit;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real HAProxy in front of sidecars, as a Service would be: health checks on each sidecar's
 * {@code /readyz}, a refused upgrade (503 while draining) retried on another pod, and pods added
 * and removed at run time through HAProxy's admin socket, the way endpoints come and go in a
 * rolling deploy.
 */
public final class LoadBalancer implements AutoCloseable {
  private final int port = FreePort.next();
  private final Path dir;
  private final Path socket;
  private Process process;

  private LoadBalancer() {
    try {
      dir = Files.createTempDirectory("handoff-haproxy-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    socket = dir.resolve("admin.sock");
  }

  /**
   * A pod behind the balancer: the sidecar's proxied port, and its admin port for the health check.
   */
  public record Backend(String name, int port, int healthPort) {
    public static Backend of(SidecarProcess sidecar, String name) {
      return new Backend(name, sidecar.proxyPort(), sidecar.adminPort());
    }
  }

  /**
   * Starts HAProxy and, when it has pods, waits until it routes to one (its first health checks
   * passed).
   */
  public static LoadBalancer start(List<Backend> backends) {
    LoadBalancer lb = new LoadBalancer();
    lb.launch(backends);
    if (!backends.isEmpty()) lb.awaitServing();
    return lb;
  }

  private void awaitServing() {
    await("haproxy sees a pod up")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                command("show stat")
                    .lines()
                    .map(l -> l.split(","))
                    .anyMatch(
                        f ->
                            f.length > 17
                                && f[0].equals("pods")
                                && !f[1].equals("BACKEND")
                                && f[17].startsWith("UP")));
  }

  private void launch(List<Backend> backends) {
    StringBuilder cfg =
        new StringBuilder()
            .append("global\n  maxconn 4000\n  stats socket ")
            .append(socket)
            .append(" mode 600 level admin\n")
            // A check may take long on a loaded machine; without "timeout check" it times out after
            // "inter" (100 ms).
            .append(
                "defaults\n  mode http\n  timeout connect 2s\n  timeout client 120s\n  timeout server 120s\n  timeout check 2s\n")
            .append(
                "  timeout tunnel 1h\n  option redispatch 1\n  retries 3\n  retry-on conn-failure empty-response 503\n")
            .append("frontend web\n  bind 127.0.0.1:")
            .append(port)
            .append("\n  default_backend pods\n")
            .append(
                "backend pods\n  balance roundrobin\n  option httpchk GET /readyz\n  http-check expect status 200\n")
            .append("  default-server inter 100ms fastinter 100ms downinter 100ms fall 1 rise 1\n");
    for (Backend b : backends) cfg.append("  ").append(serverLine(b)).append('\n');
    try {
      Path config = dir.resolve("haproxy.cfg");
      Files.writeString(config, cfg.toString());
      process =
          new ProcessBuilder(findBinary(), "-db", "-f", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("haproxy.log").toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    await("haproxy admin socket")
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(
            () -> {
              if (!process.isAlive())
                throw new AssertionError(
                    "haproxy exited: " + Files.readString(dir.resolve("haproxy.log")));
              return command("show info").contains("Name: HAProxy");
            });
  }

  private static String serverLine(Backend b) {
    return "server " + b.name() + " 127.0.0.1:" + b.port() + " check port " + b.healthPort();
  }

  private static String findBinary() {
    for (String candidate :
        List.of("/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy")) {
      if (new File(candidate).canExecute()) return candidate;
    }
    throw new IllegalStateException(
        "haproxy is not installed: run scripts/test.sh (it installs Debian's haproxy)");
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public String wsUrl(String path) {
    return "ws://127.0.0.1:" + port + path;
  }

  /** Adds a pod at run time; it takes traffic once its health check passes. */
  public void add(Backend b) {
    String reply =
        command(
            "add server pods/"
                + b.name()
                + " 127.0.0.1:"
                + b.port()
                + " check port "
                + b.healthPort()
                + " inter 100ms fall 1 rise 1");
    if (!reply.contains("New server registered"))
      throw new IllegalStateException("haproxy: " + reply.trim());
    command("enable health pods/" + b.name());
    command("enable server pods/" + b.name());
  }

  /** Adds a pod and waits until HAProxy routes to it, as a new endpoint would be added. */
  public void addAndAwaitUp(Backend b) {
    add(b);
    awaitState(b.name(), true);
  }

  /** Takes a pod out, as endpoint removal does. */
  public void remove(String name) {
    command("disable server pods/" + name);
    command("del server pods/" + name);
  }

  /** Waits until the balancer itself sees the pod as up (or down). */
  public void awaitState(String name, boolean up) {
    await("haproxy sees " + name + (up ? " up" : " down"))
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> serverUp(name) == up);
  }

  private boolean serverUp(String name) {
    for (String line : command("show stat").split("\n")) {
      String[] f = line.split(",");
      if (f.length > 17 && f[0].equals("pods") && f[1].equals(name)) return f[17].startsWith("UP");
    }
    return false;
  }

  /** One command on HAProxy's admin socket. */
  public String command(String command) {
    return HaproxyAdmin.command(socket, command);
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
