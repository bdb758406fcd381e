package dev.handoff.loadtest.cluster;

import dev.handoff.demo.DemoApp;
import dev.handoff.sidecar.Sidecar;
import dev.handoff.sidecar.handoff.DrainReport;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A pod inside this JVM: a {@link DemoApp} and a {@link Sidecar} on ephemeral ports, drained via
 * {@code drain()}.
 */
final class InJvmPod implements Pod {
  private final String name;
  private final DemoApp app;
  private final Sidecar sidecar;

  InJvmPod(String name, DemoApp app, Sidecar sidecar) {
    this.name = name;
    this.app = app;
    this.sidecar = sidecar;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long version() {
    return sidecar.config().version();
  }

  @Override
  public int proxyPort() {
    return sidecar.proxyPort();
  }

  @Override
  public int adminPort() {
    return sidecar.adminPort();
  }

  @Override
  public boolean ready() {
    return sidecar.ready();
  }

  @Override
  public PodStop stop() {
    long limit = sidecar.config().drainTimeout().toMillis() + 10_000;
    try {
      // The same entry point SIGTERM runs in the sidecar's Main; then the containers exit, app
      // last.
      DrainReport report = sidecar.drain().await(limit, TimeUnit.MILLISECONDS);
      sidecar.close().await(10, TimeUnit.SECONDS);
      app.close().await(10, TimeUnit.SECONDS);
      return new PodStop(name, version(), report.durationMillis(), Optional.of(report));
    } catch (TimeoutException e) {
      throw new IllegalStateException("pod " + name + " did not stop within " + limit + " ms", e);
    }
  }
}
