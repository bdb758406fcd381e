package dev.handoff.loadtest.bench;

import dev.handoff.demo.DemoApp;
import dev.handoff.loadtest.cluster.Pod;
import dev.handoff.loadtest.cluster.PodStop;
import dev.handoff.sidecar.Sidecar;
import dev.handoff.sidecar.handoff.DrainReport;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A pod of {@link SteeringCluster}: demo app and sidecar in this JVM, stopped through the sidecar's drain. */
final class BenchPod implements Pod {
  private final String name;
  private final DemoApp app;
  private final Sidecar sidecar;

  BenchPod(String name, DemoApp app, Sidecar sidecar) {
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
      DrainReport report = sidecar.drain().await(limit, TimeUnit.MILLISECONDS);
      sidecar.close().await(10, TimeUnit.SECONDS);
      app.close().await(10, TimeUnit.SECONDS);
      return new PodStop(name, version(), report.durationMillis(), Optional.of(report));
    } catch (TimeoutException e) {
      throw new IllegalStateException("pod " + name + " did not stop within " + limit + " ms", e);
    }
  }
}
