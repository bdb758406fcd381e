package dev.handoff.testkit;

import java.time.Duration;
import java.util.Map;

/**
 * One pod of a rolling deploy with a Node app in it: the app process at a version behind a real
 * sidecar process, both on loopback, the sidecar sharing a real Redis. SIGTERM and SIGKILL go to
 * the sidecar, as the kubelet's would.
 */
public final class NodePod implements AutoCloseable {
  private final String name;
  private final NodeApp app;
  private final SidecarProcess sidecar;

  private NodePod(String name, NodeApp app, SidecarProcess sidecar) {
    this.name = name;
    this.app = app;
    this.sidecar = sidecar;
  }

  /**
   * The app script at {@code version} with its flags, and a sidecar for {@code appName} in front of
   * it.
   */
  public static NodePod start(
      String appName,
      String script,
      long version,
      String redisUrl,
      Map<String, String> env,
      String... flags) {
    NodeApp app = NodeApp.start(script, version, flags);
    try {
      SidecarProcess.Builder builder =
          SidecarProcess.builder(appName, version).upstream(app.url()).redis(redisUrl);
      env.forEach(builder::env);
      return new NodePod("pod-v" + version, app, builder.start());
    } catch (RuntimeException e) {
      app.close();
      throw e;
    }
  }

  public String name() {
    return name;
  }

  public long version() {
    return app.version();
  }

  public NodeApp app() {
    return app;
  }

  public SidecarProcess sidecar() {
    return sidecar;
  }

  public LoadBalancer.Backend backend() {
    return LoadBalancer.Backend.of(sidecar, name);
  }

  /**
   * A graceful stop: the sidecar drains every opted-in socket and exits 0. The app process stays
   * up, unreachable, until the test ends, so the test can still ask it what it saw during the
   * drain.
   */
  public void sigtermAndAwaitExit() {
    sidecar.sigterm();
    int exit = sidecar.awaitExit(Duration.ofSeconds(30));
    if (exit != 0)
      throw new AssertionError(
          "sidecar v" + version() + " exited with " + exit + ":\n" + sidecar.output());
  }

  /** The pod dies at once: no drain, no hand-off. */
  public void sigkill() {
    sidecar.sigkill();
    sidecar.awaitExit(Duration.ofSeconds(30));
    app.close();
  }

  @Override
  public void close() {
    sidecar.close();
    app.close();
  }
}
