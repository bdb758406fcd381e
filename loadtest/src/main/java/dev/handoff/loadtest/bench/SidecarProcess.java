package dev.handoff.loadtest.bench;

import dev.handoff.testkit.FreePort;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real sidecar jar as its own process on free loopback ports, configured through its
 * environment.
 */
public final class SidecarProcess implements AutoCloseable {
  /**
   * {@code -Dbench.sidecar.jfr=true}: every sidecar a benchmark starts records a JFR profile beside
   * its log ({@code <log>.jfr}), to see where a figure's time goes (docs/BENCHMARKS.md,
   * "Profiles").
   */
  private static final boolean JFR = Boolean.getBoolean("bench.sidecar.jfr");

  private final ChildProcess process;
  private final int listenPort;
  private final int adminPort;
  private final Duration startToReady;

  private SidecarProcess(
      ChildProcess process, int listenPort, int adminPort, Duration startToReady) {
    this.process = process;
    this.listenPort = listenPort;
    this.adminPort = adminPort;
    this.startToReady = startToReady;
  }

  /**
   * Starts the jar and waits for {@code /readyz}.
   *
   * @param jvmFlags flags before {@code -jar}; the container's, or none to see what they change
   * @param extraEnv more {@code HANDOFF_*} settings (e.g. {@code HANDOFF_STEERING})
   */
  public static SidecarProcess start(
      Path jar,
      List<String> jvmFlags,
      URI upstream,
      Optional<String> redisUrl,
      Map<String, String> extraEnv,
      Path log) {
    return start(ChildProcess.java(), jar, jvmFlags, upstream, redisUrl, extraEnv, log);
  }

  /**
   * As {@link #start(Path, List, URI, Optional, Map, Path)}, on the JVM at {@code java} (another
   * JDK's).
   */
  public static SidecarProcess start(
      String java,
      Path jar,
      List<String> jvmFlags,
      URI upstream,
      Optional<String> redisUrl,
      Map<String, String> extraEnv,
      Path log) {
    return start(java, jar, jvmFlags, upstream, redisUrl, extraEnv, List.of(), log);
  }

  /**
   * As {@link #start(String, Path, List, URI, Optional, Map, Path)}, with {@code args} after the
   * jar (a pod passes none: its settings are in the environment).
   */
  public static SidecarProcess start(
      String java,
      Path jar,
      List<String> jvmFlags,
      URI upstream,
      Optional<String> redisUrl,
      Map<String, String> extraEnv,
      List<String> args,
      Path log) {
    // Held together: two calls of next() in a row can return one port, and the sidecar refuses
    // equal ports.
    int[] ports = FreePort.distinct(2);
    int listen = ports[0];
    int admin = ports[1];
    Map<String, String> env = new HashMap<>();
    env.put("HANDOFF_APP", "bench");
    env.put("HANDOFF_VERSION", "1");
    env.put("HANDOFF_LISTEN_PORT", Integer.toString(listen));
    env.put("HANDOFF_ADMIN_PORT", Integer.toString(admin));
    env.put("HANDOFF_UPSTREAM", upstream.toString());
    env.put("HANDOFF_DRAIN_TIMEOUT", "90s");
    redisUrl.ifPresent(u -> env.put("HANDOFF_REDIS_URL", u));
    env.putAll(extraEnv);
    // Our own flags only: an inherited JAVA_TOOL_OPTIONS would blur the with/without comparison.
    env.put("JAVA_TOOL_OPTIONS", "");
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(jvmFlags);
    if (JFR) cmd.add("-XX:StartFlightRecording=settings=profile,filename=" + log + ".jfr");
    cmd.addAll(List.of("-jar", jar.toString()));
    cmd.addAll(args);
    ChildProcess p = ChildProcess.spawn("sidecar", cmd, env, log);
    try {
      Duration ready =
          p.awaitOk(URI.create("http://127.0.0.1:" + admin + "/readyz"), Duration.ofSeconds(60));
      return new SidecarProcess(p, listen, admin, ready);
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
  }

  public int listenPort() {
    return listenPort;
  }

  public int adminPort() {
    return adminPort;
  }

  public ChildProcess process() {
    return process;
  }

  /** From spawning the JVM to the first 200 from {@code /readyz} (polled every 5 ms). */
  public Duration startToReady() {
    return startToReady;
  }

  public URI drainUrl() {
    return URI.create("http://127.0.0.1:" + adminPort + "/drain");
  }

  @Override
  public void close() {
    process.close();
  }
}
