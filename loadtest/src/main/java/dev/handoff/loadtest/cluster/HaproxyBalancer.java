package dev.handoff.loadtest.cluster;

import dev.handoff.testkit.FreePort;
import dev.handoff.testkit.HaproxyAdmin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real HAProxy in front of the sidecars, configured the way a Service plus an ingress behaves in
 * a rolling deploy: health checks on each sidecar's {@code /readyz} every 100 ms, which may take up
 * to 1 s to answer as under a Kubernetes probe's default timeout (a draining pod turns unready and
 * drops out; a busy one stays in), an upgrade refused with 503 or a refused connection retried on
 * another pod, WebSocket tunnels kept open, and endpoints added and removed at run time through the
 * admin socket.
 */
final class HaproxyBalancer implements Balancer {
  /**
   * One HAProxy process; several share the listening port (SO_REUSEPORT) like the nodes of a cloud
   * balancer.
   */
  private record Instance(Path socket, ServerProcess process) {}

  /**
   * Sessions one HAProxy is asked to carry: its descriptors (two per session) must stay under
   * 20,000 here.
   */
  static final int SESSIONS_PER_INSTANCE = 8000;

  private final int port;
  private final List<Instance> instances;

  private HaproxyBalancer(int port, List<Instance> instances) {
    this.port = port;
    this.instances = instances;
  }

  /**
   * @param maxConnections client sessions at once over all instances; HAProxy needs two descriptors
   *     per session and refuses to start when it cannot raise its descriptor limit that far, so a
   *     run too large for one process gets several, and the kernel spreads connections over them
   */
  static HaproxyBalancer start(Path dir, int maxConnections) {
    String binary = DebianPackage.HAPROXY.ensure();
    int port = FreePort.next();
    int count = Math.max(1, (maxConnections + SESSIONS_PER_INSTANCE - 1) / SESSIONS_PER_INSTANCE);
    int each = maxConnections / count + 1000;
    List<Instance> instances = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      String suffix = count == 1 ? "" : "-" + (i + 1);
      Path socket = dir.toAbsolutePath().resolve("haproxy" + suffix + ".sock");
      Path cfgFile = dir.resolve("haproxy" + suffix + ".cfg");
      String cfg =
          "global\n  maxconn "
              + each
              + "\n  stats socket "
              + socket
              + " mode 600 level admin\n"
              + "defaults\n  mode http\n  timeout connect 2s\n  timeout client 120s\n  timeout server 120s\n"
              // Without it a check times out after "inter" (100 ms): on a busy machine one slow
              // /readyz marked
              // ready pods DOWN (fall 1), the new pod among them, and old pods then burned every
              // client's steering
              // refusals while HAProxy had only old pods to offer. 1 s is a Kubernetes probe's
              // default timeout.
              + "  timeout check 1s\n"
              + "  timeout tunnel 1h\n  option redispatch 1\n  retries 3\n  retry-on conn-failure empty-response 503\n"
              + "frontend web\n  bind 127.0.0.1:"
              + port
              + "\n  default_backend pods\n"
              + "backend pods\n  balance roundrobin\n  option httpchk GET /readyz\n  http-check expect status 200\n"
              + "  default-server inter 100ms fastinter 100ms downinter 100ms fall 1 rise 1\n";
      try {
        Files.createDirectories(dir);
        Files.deleteIfExists(socket);
        Files.writeString(cfgFile, cfg);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      ServerProcess p =
          ServerProcess.spawn(
              "haproxy" + suffix,
              List.of(binary, "-db", "-f", cfgFile.toString()),
              Map.of(),
              dir.resolve("haproxy" + suffix + ".log"));
      Instance instance = new Instance(socket, p);
      p.awaitUp(
          () -> {
            try {
              return command(instance, "show info").contains("Name: HAProxy");
            } catch (UncheckedIOException e) {
              return false;
            }
          },
          Duration.ofSeconds(20));
      instances.add(instance);
    }
    return new HaproxyBalancer(port, List.copyOf(instances));
  }

  @Override
  public URI url(String path) {
    return URI.create("ws://127.0.0.1:" + port + path);
  }

  @Override
  public void add(Pod pod) {
    for (Instance i : instances) {
      String reply =
          command(
              i,
              "add server pods/"
                  + pod.name()
                  + " 127.0.0.1:"
                  + pod.proxyPort()
                  + " check port "
                  + pod.adminPort()
                  + " inter 100ms fall 1 rise 1");
      if (!reply.contains("New server registered"))
        throw new IllegalStateException("haproxy: " + reply.trim());
      command(i, "enable health pods/" + pod.name());
      command(i, "enable server pods/" + pod.name());
    }
    for (Instance i : instances)
      i.process().awaitUp(() -> up(i, pod.name()), Duration.ofSeconds(20));
  }

  @Override
  public void remove(Pod pod) {
    for (Instance i : instances) {
      command(i, "set server pods/" + pod.name() + " state maint");
      command(i, "shutdown sessions server pods/" + pod.name());
      command(i, "del server pods/" + pod.name());
    }
  }

  private static boolean up(Instance instance, String name) {
    String[] f = stat(instance, name);
    return f.length > 17 && f[17].startsWith("UP");
  }

  /**
   * Failed health checks of a pod so far, over every instance ({@code chkfail} of {@code show
   * stat}).
   */
  long failedChecks(Pod pod) {
    long failed = 0;
    for (Instance i : instances) {
      String[] f = stat(i, pod.name());
      if (f.length > 21 && !f[21].isEmpty()) failed += Long.parseLong(f[21]);
    }
    return failed;
  }

  private static String[] stat(Instance instance, String name) {
    for (String line : command(instance, "show stat").split("\n")) {
      String[] f = line.split(",");
      if (f.length > 17 && f[0].equals("pods") && f[1].equals(name)) return f;
    }
    return new String[0];
  }

  private static String command(Instance instance, String command) {
    return HaproxyAdmin.command(instance.socket(), command);
  }

  @Override
  public String describe() {
    return (instances.size() == 1
            ? "HAProxy"
            : instances.size() + " HAProxy processes sharing one port")
        + " (round robin, /readyz checked every 100 ms with a 1 s timeout, retry-on 503 and connection failure)";
  }

  @Override
  public void close() {
    instances.forEach(i -> i.process().kill());
  }
}
