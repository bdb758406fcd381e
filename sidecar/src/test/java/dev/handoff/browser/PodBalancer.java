package dev.handoff.browser;

import static org.awaitility.Awaitility.await;

import dev.handoff.testkit.FreePort;
import dev.handoff.testkit.LoadBalancer.Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real HAProxy in front of the demo pods, configured like testkit's LoadBalancer (health checks on /readyz, a
 * 503 from a draining pod retried on another) but sized for one browser: testkit's {@code maxconn 50000} needs more
 * file descriptors than a machine with {@code ulimit -n 20000} lets HAProxy have, and it then refuses to start.
 */
final class PodBalancer implements AutoCloseable {
  private final int port = FreePort.next();
  private final Path dir;
  private final Path socket;
  private Process process;

  private PodBalancer() {
    try {
      dir = Files.createTempDirectory("handoff-browser-haproxy-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    socket = dir.resolve("admin.sock");
  }

  /** Starts HAProxy and waits until it routes a request to one of the pods (its first health checks passed). */
  static PodBalancer start(List<Backend> backends) {
    PodBalancer balancer = new PodBalancer();
    balancer.launch(backends);
    balancer.awaitServing();
    return balancer;
  }

  private void awaitServing() {
    HttpClient http = HttpClient.newHttpClient();
    await("haproxy routes to a pod").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(() -> http.send(HttpRequest.newBuilder(URI.create(url() + "/")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
  }

  private void launch(List<Backend> backends) {
    StringBuilder cfg = new StringBuilder()
        .append("global\n  maxconn 500\n  stats socket ").append(socket).append(" mode 600 level admin\n")
        .append("defaults\n  mode http\n  timeout connect 2s\n  timeout client 120s\n  timeout server 120s\n")
        .append("  timeout tunnel 1h\n  option redispatch\n  retries 3\n  retry-on conn-failure empty-response 503\n")
        .append("frontend web\n  bind 127.0.0.1:").append(port).append("\n  default_backend pods\n")
        .append("backend pods\n  balance roundrobin\n  option httpchk GET /readyz\n  http-check expect status 200\n")
        .append("  default-server inter 100ms fastinter 100ms downinter 100ms fall 1 rise 1\n");
    for (Backend b : backends) {
      cfg.append("  server ").append(b.name()).append(" 127.0.0.1:").append(b.port()).append(" check port ")
          .append(b.healthPort()).append('\n');
    }
    try {
      Path config = dir.resolve("haproxy.cfg");
      Files.writeString(config, cfg.toString());
      process = new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", config.toString()).redirectErrorStream(true)
          .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    await("haproxy admin socket").atMost(Duration.ofSeconds(20)).ignoreExceptions()
        .until(() -> {
          if (!process.isAlive()) throw new AssertionError("haproxy exited: " + Files.readString(dir.resolve("haproxy.log")));
          return command("show info").contains("Name: HAProxy");
        });
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Adds a pod at run time and waits until HAProxy routes to it, as a new endpoint would be added. */
  void addAndAwaitUp(Backend b) {
    String reply = command("add server pods/" + b.name() + " 127.0.0.1:" + b.port() + " check port " + b.healthPort()
        + " inter 100ms fall 1 rise 1");
    if (!reply.contains("New server registered")) throw new IllegalStateException("haproxy: " + reply.trim());
    command("enable health pods/" + b.name());
    command("enable server pods/" + b.name());
    await("haproxy sees " + b.name() + " up").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
        .until(() -> serverUp(b.name()));
  }

  private boolean serverUp(String name) {
    for (String line : command("show stat").split("\n")) {
      String[] f = line.split(",");
      if (f.length > 17 && f[0].equals("pods") && f[1].equals(name)) return f[17].startsWith("UP");
    }
    return false;
  }

  private String command(String command) {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
      ByteBuffer buf = ByteBuffer.allocate(1 << 16);
      StringBuilder out = new StringBuilder();
      while (ch.read(buf) > 0) {
        buf.flip();
        out.append(StandardCharsets.UTF_8.decode(buf));
        buf.clear();
      }
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (process == null) return;
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
