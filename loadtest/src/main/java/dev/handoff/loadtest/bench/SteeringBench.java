package dev.handoff.loadtest.bench;

import dev.handoff.loadtest.cluster.ClusterSettings;
import dev.handoff.loadtest.cluster.InJvmCluster;
import java.nio.file.Path;
import java.util.Optional;

import dev.handoff.loadtest.client.Backoff;
import dev.handoff.loadtest.client.Fleet;
import dev.handoff.loadtest.client.FleetSettings;
import dev.handoff.loadtest.deploy.DeployPlan;
import dev.handoff.loadtest.deploy.RollingDeploy;
import dev.handoff.loadtest.deploy.Timeline;
import dev.handoff.loadtest.report.DeployResult;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark 6: hand-offs per client ("hops") during one rolling deploy of P pods, with reconnect steering
 * and without, in the same run. Reuses the load test's clients, balancer and rolling deploy; a client
 * drained from an old pod that lands on another old pod is drained again, and each drain counts.
 */
final class SteeringBench {
  /** @param restoreRate restoring handshakes per second over the whole cluster, as (seconds, rate) points */
  record Outcome(boolean steering, int clients, long handedOff, long restored, long lost, long retries,
                 long durationMillis, List<double[]> restoreRate) {
    double hops() {
      return clients == 0 ? Double.NaN : handedOff / (double) clients;
    }
  }

  private final Path out;
  private final int clients;
  private final int pods;
  private final PrintStream log;

  SteeringBench(Path out, int clients, int pods, PrintStream log) {
    this.out = out;
    this.clients = clients;
    this.pods = pods;
    this.log = log;
  }

  String run() {
    Outcome off = deploy(false);
    Outcome on = deploy(true);
    BenchCommand.write(out.resolve("steering.svg"), chart(List.of(off, on)));
    BenchCommand.write(out.resolve("steering-rate.svg"), rateChart(List.of(off, on)));
    double ratio = on.hops() / off.hops();
    return String.format(Locale.ROOT, """
        | steering | clients | hand-offs | hops per client (goal ≤ 1.1 with steering) | restored | lost | refused-and-retried upgrades | deploy ms |
        |---|---|---|---|---|---|---|---|
        | off | %d | %d | %.2f | %d | %d | %d | %d |
        | on | %d | %d | %.2f %s | %d | %d | %d | %d |

        Hops with steering vs without: %.2f×. Charts: steering.svg, steering-rate.svg
        """, off.clients(), off.handedOff(), off.hops(), off.restored(), off.lost(), off.retries(), off.durationMillis(),
        on.clients(), on.handedOff(), on.hops(), on.hops() <= 1.1 ? "met" : "**missed**", on.restored(), on.lost(),
        on.retries(), on.durationMillis(), ratio);
  }

  Outcome deploy(boolean steering) {
    Vertx vertx = Vertx.vertx();
    InJvmCluster cluster = new InJvmCluster(vertx, new ClusterSettings("bench", Duration.ofSeconds(20),
        Duration.ofSeconds(2), Optional.empty(), Path.of("target"), clients),
        config -> config.toBuilder().steering(steering).build());
    Fleet fleet = new Fleet(vertx, new FleetSettings(cluster.balancer().url("/live"), clients, 2048, 2048, 0, 42L,
        Backoff.standard(), 100));
    try {
      Timeline timeline = new Timeline(vertx, fleet);
      timeline.start();
      RollingDeploy rollout = new RollingDeploy(cluster, fleet, new DeployPlan(pods, 1, 1, Duration.ofSeconds(90)),
          timeline);
      rollout.startReplicas();
      fleet.connect().await(Math.max(60, clients / 20), TimeUnit.SECONDS);
      DeployResult r = rollout.run().get(0);
      timeline.stop();
      Outcome o = new Outcome(steering, r.clients(), r.handedOff(), r.restored(), r.lost(), r.retries(),
          r.durationMillis(), rate(timeline.points(), r.startedAtMillis()));
      log.printf(Locale.ROOT, "  steering %-3s clients %d, hand-offs %d, hops %.2f, restored %d, lost %d, retries %d%n",
          steering ? "on" : "off", o.clients(), o.handedOff(), o.hops(), o.restored(), o.lost(), o.retries());
      return o;
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("clients did not connect in time", e);
    } finally {
      fleet.close();
      cluster.close();
      vertx.close();
    }
  }

  /**
   * Restores per second from the timeline's running total, in 500 ms buckets from the deploy's start. It is
   * the whole cluster's rate (every restore lands on some pod), not one new pod's: the sidecars in this JVM
   * do not expose a per-pod handshake count to the benchmark.
   */
  static List<double[]> rate(List<dev.handoff.loadtest.report.TimelinePoint> points, long fromMillis) {
    List<double[]> out = new ArrayList<>();
    long bucket = 500;
    long prevRestored = -1;
    long nextEdge = fromMillis;
    for (dev.handoff.loadtest.report.TimelinePoint p : points) {
      if (p.atMillis() < fromMillis) {
        prevRestored = p.restored();
        continue;
      }
      if (prevRestored < 0) prevRestored = p.restored();
      if (p.atMillis() >= nextEdge + bucket) {
        out.add(new double[] {(p.atMillis() - fromMillis) / 1000.0,
            (p.restored() - prevRestored) * 1000.0 / (p.atMillis() - nextEdge)});
        prevRestored = p.restored();
        nextEdge = p.atMillis();
      }
    }
    return out;
  }

  static String rateChart(List<Outcome> outcomes) {
    SvgChart chart = new SvgChart("Restoring handshakes per second, all pods, during the deploy",
        "seconds since the deploy started", "restores / s (500 ms buckets)");
    for (Outcome o : outcomes) chart.add(new SvgChart.Series("steering " + (o.steering() ? "on" : "off"), o.restoreRate()));
    return chart.render();
  }

  static String chart(List<Outcome> outcomes) {
    SvgChart chart = new SvgChart("Hops per client, one rolling deploy", "steering (0 = off, 1 = on)",
        "hand-offs per client");
    List<double[]> points = new ArrayList<>();
    for (Outcome o : outcomes) points.add(new double[] {o.steering() ? 1 : 0, o.hops()});
    chart.add(new SvgChart.Series("hops per client", points));
    chart.add(new SvgChart.Series("goal 1.1", List.of(new double[] {0, 1.1}, new double[] {1, 1.1})));
    return chart.render();
  }
}
