package dev.handoff.browser;

import dev.handoff.demo.DemoApp;
import dev.handoff.testkit.LoadBalancer;
import dev.handoff.testkit.SidecarProcess;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;

/**
 * One pod of a rolling deploy: the demo app at a version (in this JVM) with a real sidecar process
 * in front of it, sharing the real Redis. SIGTERM and SIGKILL go to the sidecar process, as the
 * kubelet would send them.
 */
final class DemoPod implements AutoCloseable {
  private final String name;
  private final long version;
  private final DemoApp app;
  private final SidecarProcess sidecar;

  private DemoPod(String name, long version, DemoApp app, SidecarProcess sidecar) {
    this.name = name;
    this.version = version;
    this.app = app;
    this.sidecar = sidecar;
  }

  static DemoPod start(Vertx vertx, String redisUrl, long version) {
    return start(vertx, redisUrl, version, Map.of());
  }

  /**
   * @param env extra sidecar settings, as environment variables
   */
  static DemoPod start(Vertx vertx, String redisUrl, long version, Map<String, String> env) {
    DemoApp app = DemoApp.start(vertx, 0, version).await();
    SidecarProcess.Builder builder =
        SidecarProcess.builder("demo", version)
            .upstream("http://127.0.0.1:" + app.port())
            .redis(redisUrl);
    env.forEach(builder::env);
    SidecarProcess sidecar = builder.start();
    return new DemoPod("pod-v" + version, version, app, sidecar);
  }

  String name() {
    return name;
  }

  long version() {
    return version;
  }

  LoadBalancer.Backend backend() {
    return LoadBalancer.Backend.of(sidecar, name);
  }

  SidecarProcess sidecar() {
    return sidecar;
  }

  /** A graceful stop: the sidecar drains every opted-in socket and exits. */
  void sigtermAndAwaitExit() {
    sidecar.sigterm();
    int exit = sidecar.awaitExit(Duration.ofSeconds(30));
    if (exit != 0)
      throw new AssertionError("sidecar exited with " + exit + ":\n" + sidecar.output());
    app.close().await();
  }

  /** The pod dies at once: no drain, no hand-off. */
  void sigkill() {
    sidecar.sigkill();
    sidecar.awaitExit(Duration.ofSeconds(30));
    app.close().await();
  }

  @Override
  public void close() {
    sidecar.close();
    app.close().await();
  }
}
