package dev.handoff.loadtest.cluster;

import dev.handoff.contract.RedisKeys;
import dev.handoff.contract.RolloutCounter;
import dev.handoff.demo.DemoApp;
import dev.handoff.sidecar.Sidecar;
import dev.handoff.sidecar.config.SidecarConfig;
import dev.handoff.sidecar.store.InMemoryStore;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * Every pod in this JVM on one Vert.x instance, sharing one {@link InMemoryStore} the way pods of a
 * real deployment share Redis; needs nothing but the JDK.
 */
public final class InJvmCluster implements Cluster {
  /** Every counter the sidecars write ({@link RolloutCounter}), so the report leaves none out. */
  static final List<String> COUNTER_FIELDS =
      Arrays.stream(RolloutCounter.values()).map(RolloutCounter::field).toList();

  private final Vertx vertx;
  private final ClusterSettings settings;
  private final UnaryOperator<SidecarConfig> sidecarSettings;
  private final InMemoryStore store = new InMemoryStore();
  private final TcpBalancer balancer;

  public InJvmCluster(Vertx vertx, ClusterSettings settings) {
    this(vertx, settings, UnaryOperator.identity());
  }

  /**
   * @param sidecarSettings changes to every pod's sidecar config (e.g. steering off, for a
   *     benchmark)
   */
  public InJvmCluster(
      Vertx vertx, ClusterSettings settings, UnaryOperator<SidecarConfig> sidecarSettings) {
    this.vertx = vertx;
    this.settings = settings;
    this.sidecarSettings = sidecarSettings;
    this.balancer = TcpBalancer.start(vertx);
  }

  @Override
  public Pod startPod(String name, long version) {
    try {
      DemoApp app = DemoApp.start(vertx, 0, version).await(30, TimeUnit.SECONDS);
      SidecarConfig config =
          SidecarConfig.defaults(settings.app(), version)
              .withPorts(0, 0)
              .withUpstream(URI.create("http://127.0.0.1:" + app.port()))
              .withDrainTimeout(settings.drainTimeout())
              .withReconnectSpread(settings.reconnectSpread());
      Sidecar sidecar =
          Sidecar.start(vertx, sidecarSettings.apply(config), store).await(30, TimeUnit.SECONDS);
      return new InJvmPod(name, app, sidecar);
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
    return version -> {
      Map<String, Long> out = new LinkedHashMap<>();
      for (String f : COUNTER_FIELDS)
        out.put(f, store.counter(RedisKeys.rollout(settings.app(), version), f));
      return out;
    };
  }

  @Override
  public long waitingSnapshots() {
    return store.size();
  }

  @Override
  public String describe() {
    return "pods in one JVM (demo app + sidecar each), shared in-memory snapshot store, "
        + balancer.describe();
  }

  @Override
  public void close() {
    balancer.close();
    store.close();
  }
}
