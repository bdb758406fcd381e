package dev.handoff.loadtest.bench;

import dev.handoff.demo.DemoApp;
import dev.handoff.loadtest.cluster.Balancer;
import dev.handoff.loadtest.cluster.Cluster;
import dev.handoff.loadtest.cluster.Pod;
import dev.handoff.loadtest.cluster.RolloutCounters;
import dev.handoff.loadtest.cluster.TcpBalancer;
import dev.handoff.sidecar.Sidecar;
import dev.handoff.sidecar.config.SidecarConfig;
import dev.handoff.sidecar.store.InMemorySnapshotStore;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The load test's in-JVM cluster (demo app + sidecar per pod, one shared in-memory store, the in-JVM TCP
 * balancer) with reconnect steering switched on or off, so one run can set hops with steering beside hops
 * without it. The loadtest module's own cluster always runs the default (on).
 */
final class SteeringCluster implements Cluster {
  private final Vertx vertx;
  private final boolean steering;
  private final Duration reconnectSpread;
  private final InMemorySnapshotStore store = new InMemorySnapshotStore();
  private final TcpBalancer balancer;

  SteeringCluster(Vertx vertx, boolean steering, Duration reconnectSpread) {
    this.vertx = vertx;
    this.steering = steering;
    this.reconnectSpread = reconnectSpread;
    this.balancer = TcpBalancer.start(vertx);
  }

  @Override
  public Pod startPod(String name, long version) {
    try {
      DemoApp app = DemoApp.start(vertx, 0, version).await(30, TimeUnit.SECONDS);
      SidecarConfig config = SidecarConfig.defaults("bench", version).withPorts(0, 0)
          .withUpstream(URI.create("http://127.0.0.1:" + app.port()))
          .withDrainTimeout(Duration.ofSeconds(20)).withReconnectSpread(reconnectSpread)
          .toBuilder().steering(steering).build();
      Sidecar sidecar = Sidecar.start(vertx, config, store).await(30, TimeUnit.SECONDS);
      return new BenchPod(name, app, sidecar);
    } catch (TimeoutException e) {
      throw new IllegalStateException("pod " + name + " did not start within 30 s", e);
    }
  }

  @Override
  public Balancer balancer() {
    return balancer;
  }

  @Override
  public RolloutCounters counters() {
    return version -> Map.of();
  }

  public long waitingSnapshots() {
    return store.size();
  }

  @Override
  public String describe() {
    return "pods in one JVM, steering " + (steering ? "on" : "off") + ", " + balancer.describe();
  }

  @Override
  public void close() {
    balancer.close();
    store.close();
  }
}
