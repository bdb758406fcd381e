package dev.handoff.loadtest.bench;

import dev.handoff.loadtest.chart.SvgChart;
import dev.handoff.loadtest.client.Backoff;
import dev.handoff.loadtest.client.Fleet;
import dev.handoff.loadtest.client.FleetSettings;
import dev.handoff.loadtest.cluster.Cluster;
import dev.handoff.loadtest.cluster.ClusterSettings;
import dev.handoff.loadtest.cluster.InJvmCluster;
import dev.handoff.loadtest.cluster.ProcessCluster;
import dev.handoff.loadtest.deploy.DeployPlan;
import dev.handoff.loadtest.deploy.RollingDeploy;
import dev.handoff.loadtest.deploy.Timeline;
import dev.handoff.loadtest.report.DeployResult;
import dev.handoff.loadtest.report.TimelineMark;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark 6: hand-offs per client ("hops") during one rolling deploy of P pods, with reconnect
 * steering and without, in the same run. Reuses the load test's clients, balancer and rolling
 * deploy; a client drained from an old pod that lands on another old pod is drained again, and each
 * drain counts. Each pod's /metrics is scraped meanwhile ({@link PodHandshakes}), so every new
 * pod's intake of clients over time is charted and tabled too. Pods run in this JVM, or as
 * processes behind HAProxy with a real Redis.
 */
final class SteeringBench {
  /** How often each pod's /metrics is scraped, and the buckets its handshakes are counted in. */
  static final long SCRAPE_MILLIS = 100;

  static final long BUCKET_MILLIS = 250;

  /**
   * @param restoreRate restoring handshakes per second over the whole cluster, as (seconds, rate)
   *     points
   * @param newPods each pod of the new version, in the order they started
   * @param drains when each old pod's drain started, seconds from the deploy's start
   * @param newVersionRestores restores the new version's sidecars counted in the store (their
   *     rollout counter)
   */
  record Outcome(
      boolean steering,
      int clients,
      long handedOff,
      long restored,
      long lost,
      long retries,
      long durationMillis,
      List<double[]> restoreRate,
      List<PodIntake> newPods,
      List<SvgChart.Mark> drains,
      long newVersionRestores) {
    double hops() {
      return clients == 0 ? Double.NaN : handedOff / (double) clients;
    }
  }

  /**
   * One new pod's intake of clients during the deploy, from its sidecar's /metrics.
   *
   * @param startedAt when it was ready, seconds from the deploy's start
   * @param upgrades WebSocket upgrades it accepted, by the scrape taken once the deploy was over
   * @param restores of its handshakes, those that restored a hand-off
   * @param peakUpgrades its highest rate of accepted upgrades, per second over one bucket
   * @param peakRestores its highest rate of restores, per second over one bucket
   * @param peakAt the end of the bucket with the highest upgrade rate, seconds from the deploy's
   *     start
   * @param firstAt its first accepted upgrade, seconds from the deploy's start; NaN if none
   * @param burstUpgrades upgrades in its peak burst: the run of consecutive non-empty buckets
   *     around its peak bucket, i.e. the herd it faced at its busiest
   * @param burstSeconds how long that burst lasted: the time it took to absorb that herd
   * @param upgradeRate accepted upgrades per second, (seconds from the deploy's start, rate) per
   *     bucket
   */
  record PodIntake(
      String name,
      double startedAt,
      long upgrades,
      long restores,
      double peakUpgrades,
      double peakRestores,
      double peakAt,
      double firstAt,
      long burstUpgrades,
      double burstSeconds,
      List<double[]> upgradeRate) {}

  private final Path out;
  private final int clients;
  private final int pods;
  private final boolean processes;
  private final PrintStream log;
  private String described = "";

  SteeringBench(Path out, int clients, int pods, PrintStream log) {
    this(out, clients, pods, false, log);
  }

  /**
   * @param processes pods as OS processes behind HAProxy with a real Redis, rather than in this JVM
   */
  SteeringBench(Path out, int clients, int pods, boolean processes, PrintStream log) {
    this.out = out;
    this.clients = clients;
    this.pods = pods;
    this.processes = processes;
    this.log = log;
  }

  String run() {
    Outcome off = deploy(false);
    Outcome on = deploy(true);
    String name = name(processes);
    BenchCommand.write(out.resolve(name + ".svg"), chart(List.of(off, on)));
    BenchCommand.write(out.resolve(name + "-rate.svg"), rateChart(List.of(off, on)));
    BenchCommand.write(out.resolve(name + "-pods.svg"), podsChart(on, off));
    double ratio = on.hops() / off.hops();
    return "Cluster: "
        + described
        + "\n\n"
        + String.format(
            Locale.ROOT,
            """
        | steering | clients | hand-offs | hops per client (goal ≤ 1.1 with steering) | restored | lost | refused-and-retried upgrades | deploy ms |
        |---|---|---|---|---|---|---|---|
        | off | %d | %d | %.2f | %d | %d | %d | %d |
        | on | %d | %d | %.2f %s | %d | %d | %d | %d |

        Hops with steering vs without: %.2f×. Charts: %s.svg, %s-rate.svg, %s-pods.svg

        Each new pod's intake (its sidecar's /metrics scraped every %d ms; rates per second over %d ms buckets;
        its peak burst = the run of consecutive non-empty buckets around its busiest one: the herd it absorbed
        at its busiest, and in how long):

        %s
        """,
            off.clients(),
            off.handedOff(),
            off.hops(),
            off.restored(),
            off.lost(),
            off.retries(),
            off.durationMillis(),
            on.clients(),
            on.handedOff(),
            on.hops(),
            on.hops() <= 1.1 ? "met" : "**missed**",
            on.restored(),
            on.lost(),
            on.retries(),
            on.durationMillis(),
            ratio,
            name,
            name,
            name,
            SCRAPE_MILLIS,
            BUCKET_MILLIS,
            intakeTable(List.of(on, off)));
  }

  /** Where the results go: steering.md and its charts, or steering-processes.md and its charts. */
  static String name(boolean processes) {
    return processes ? "steering-processes" : "steering";
  }

  static String intakeTable(List<Outcome> outcomes) {
    StringBuilder t =
        new StringBuilder(
            """
        | steering | new pod | ready at s | first upgrade at s | upgrades accepted | of them restores | peak upgrades/s | at s | peak restores/s | peak burst: upgrades | absorbed in s |
        |---|---|---|---|---|---|---|---|---|---|---|
        """);
    for (Outcome o : outcomes) {
      for (PodIntake p : o.newPods()) {
        t.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %.2f | %.2f | %d | %d | %.0f | %.2f | %.0f | %d | %.2f |%n",
                o.steering() ? "on" : "off",
                p.name(),
                p.startedAt(),
                p.firstAt(),
                p.upgrades(),
                p.restores(),
                p.peakUpgrades(),
                p.peakAt(),
                p.peakRestores(),
                p.burstUpgrades(),
                p.burstSeconds()));
      }
    }
    return t.toString().stripTrailing();
  }

  Outcome deploy(boolean steering) {
    Vertx vertx = Vertx.vertx();
    Fleet fleet = null;
    ClusterSettings settings =
        new ClusterSettings(
            "bench",
            Duration.ofSeconds(20),
            Duration.ofSeconds(2),
            Optional.empty(),
            processes
                ? out.resolve("logs").resolve("steering-" + (steering ? "on" : "off"))
                : Path.of("target"),
            clients);
    Cluster inner =
        processes
            ? new ProcessCluster(settings, Map.of("HANDOFF_STEERING", steering ? "on" : "off"))
            : new InJvmCluster(
                vertx, settings, config -> config.toBuilder().steering(steering).build());
    try {
      fleet =
          new Fleet(
              vertx,
              new FleetSettings(
                  inner.balancer().url("/live"),
                  clients,
                  2048,
                  2048,
                  0,
                  42L,
                  Backoff.standard(),
                  100));
      Timeline timeline = new Timeline(vertx, fleet);
      PodHandshakes handshakes = new PodHandshakes(vertx, timeline::elapsedMillis);
      WatchedCluster cluster = new WatchedCluster(inner, handshakes);
      described = cluster.describe();
      timeline.start();
      handshakes.start(SCRAPE_MILLIS);
      RollingDeploy rollout =
          new RollingDeploy(
              cluster, fleet, new DeployPlan(pods, 1, 1, Duration.ofSeconds(90)), timeline);
      rollout.startReplicas();
      fleet.connect().await(Math.max(60, clients / 20), TimeUnit.SECONDS);
      DeployResult r = rollout.run().get(0);
      timeline.stop();
      handshakes.stop();
      List<SvgChart.Mark> drains = drainMarks(timeline.marks(), r.startedAtMillis());
      Outcome o =
          new Outcome(
              steering,
              r.clients(),
              r.handedOff(),
              r.restored(),
              r.lost(),
              r.retries(),
              r.durationMillis(),
              rate(timeline.points(), r.startedAtMillis()),
              intake(
                  handshakes.tracks(),
                  r.toVersion(),
                  r.startedAtMillis(),
                  r.startedAtMillis() + r.durationMillis()),
              drains,
              r.sidecarCounters().get(r.toVersion()).getOrDefault("restored", 0L));
      log.printf(
          Locale.ROOT,
          "  steering %-3s clients %d, hand-offs %d, hops %.2f, restored %d, lost %d, retries %d%n",
          steering ? "on" : "off",
          o.clients(),
          o.handedOff(),
          o.hops(),
          o.restored(),
          o.lost(),
          o.retries());
      for (PodIntake p : o.newPods()) {
        log.printf(
            Locale.ROOT,
            "    %s: %d upgrades (%d restores), peak %.0f/s at %.2f s, burst of %d in %.2f s%n",
            p.name(),
            p.upgrades(),
            p.restores(),
            p.peakUpgrades(),
            p.peakAt(),
            p.burstUpgrades(),
            p.burstSeconds());
      }
      return o;
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("clients did not connect in time", e);
    } finally {
      if (fleet != null) fleet.close();
      inner.close();
      vertx.close();
    }
  }

  /**
   * The moments old pods started draining (the deploy's own marks), seconds from the deploy's
   * start.
   */
  static List<SvgChart.Mark> drainMarks(List<TimelineMark> marks, long fromMillis) {
    List<SvgChart.Mark> out = new ArrayList<>();
    for (TimelineMark m : marks) {
      int at = m.label().indexOf(": draining ");
      if (at >= 0 && m.atMillis() >= fromMillis) {
        out.add(
            new SvgChart.Mark(
                (m.atMillis() - fromMillis) / 1000.0, "drain " + m.label().substring(at + 11)));
      }
    }
    return out;
  }

  /**
   * Each pod of {@code version}, in start order, as its scrapes saw it between {@code from} and
   * {@code to}.
   */
  static List<PodIntake> intake(
      List<PodHandshakes.Track> tracks, long version, long fromMillis, long toMillis) {
    List<PodIntake> out = new ArrayList<>();
    for (PodHandshakes.Track t : tracks) {
      if (t.version() != version) continue;
      List<double[]> upgrades = t.acceptedUpgrades();
      List<double[]> restores = t.restores();
      if (upgrades.isEmpty()) continue;
      // Up to the end of the bucket the deploy ended in: the last scrape came after it, so that
      // bucket is whole.
      long end =
          fromMillis
              + Math.floorDiv(toMillis - fromMillis + BUCKET_MILLIS - 1, BUCKET_MILLIS)
                  * BUCKET_MILLIS;
      List<double[]> upgradeRate = PodHandshakes.rate(upgrades, fromMillis, end, BUCKET_MILLIS);
      List<double[]> restoreRate = PodHandshakes.rate(restores, fromMillis, end, BUCKET_MILLIS);
      int peakIndex = 0;
      for (int i = 0; i < upgradeRate.size(); i++) {
        if (upgradeRate.get(i)[1] > upgradeRate.get(peakIndex)[1]) peakIndex = i;
      }
      double[] peak = upgradeRate.isEmpty() ? new double[] {0, 0} : upgradeRate.get(peakIndex);
      double[] burst = burst(upgradeRate, peakIndex);
      double peakRestores = restoreRate.stream().mapToDouble(p -> p[1]).max().orElse(0);
      // Totals from the last scrape (taken once the deploy was over): a pod of the new version had
      // none before.
      long accepted = Math.round(upgrades.get(upgrades.size() - 1)[1]);
      long restored = Math.round(restores.get(restores.size() - 1)[1]);
      // The first upgrade happened between the last scrape that saw none and the first that saw
      // one.
      double first =
          accepted > 0 ? (PodHandshakes.reaches(upgrades, 1) - fromMillis) / 1000.0 : Double.NaN;
      out.add(
          new PodIntake(
              t.name(),
              (t.startedAtMillis() - fromMillis) / 1000.0,
              accepted,
              restored,
              peak[1],
              peakRestores,
              peak[0],
              first,
              Math.round(burst[0]),
              burst[1],
              upgradeRate));
    }
    return out;
  }

  /**
   * The run of consecutive buckets with a non-zero rate that holds bucket {@code peak}: {count,
   * seconds} (rates are per second over {@link #BUCKET_MILLIS} buckets); {0, 0} when that bucket is
   * empty.
   */
  static double[] burst(List<double[]> rate, int peak) {
    if (rate.isEmpty() || rate.get(peak)[1] <= 0) return new double[] {0, 0};
    int from = peak;
    int to = peak;
    while (from > 0 && rate.get(from - 1)[1] > 0) from--;
    while (to + 1 < rate.size() && rate.get(to + 1)[1] > 0) to++;
    double count = 0;
    for (int i = from; i <= to; i++) count += rate.get(i)[1] * BUCKET_MILLIS / 1000.0;
    return new double[] {count, (to - from + 1) * BUCKET_MILLIS / 1000.0};
  }

  /**
   * Each new pod's accepted upgrades per second, one line per pod; steering on, and off beside it.
   */
  static String podsChart(Outcome on, Outcome off) {
    List<SvgChart> charts = new ArrayList<>();
    double maxX = 0;
    double maxY = 0;
    for (Outcome o : List.of(on, off)) {
      SvgChart chart =
          new SvgChart(
              "Each new pod's handshakes, steering " + (o.steering() ? "on" : "off"),
              "seconds since the deploy started",
              "accepted upgrades / s (" + BUCKET_MILLIS + " ms buckets)");
      for (PodIntake p : o.newPods()) chart.add(new SvgChart.Series(p.name(), p.upgradeRate()));
      o.drains().forEach(chart::mark);
      double[] extent = chart.extent();
      maxX = Math.max(maxX, extent[0]);
      maxY = Math.max(maxY, extent[1]);
      charts.add(chart);
    }
    List<String> rendered = new ArrayList<>();
    for (SvgChart c : charts) rendered.add(c.axes(maxX, maxY).render());
    return SvgChart.sideBySide(rendered);
  }

  /**
   * Restores per second from the timeline's running total, in 500 ms buckets from the deploy's
   * start: the whole cluster's rate (every restore lands on some pod). Each pod's own is {@link
   * #intake}'s.
   */
  static List<double[]> rate(
      List<dev.handoff.loadtest.report.TimelinePoint> points, long fromMillis) {
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
        out.add(
            new double[] {
              (p.atMillis() - fromMillis) / 1000.0,
              (p.restored() - prevRestored) * 1000.0 / (p.atMillis() - nextEdge)
            });
        prevRestored = p.restored();
        nextEdge = p.atMillis();
      }
    }
    return out;
  }

  static String rateChart(List<Outcome> outcomes) {
    SvgChart chart =
        new SvgChart(
            "Restoring handshakes per second, all pods, during the deploy",
            "seconds since the deploy started",
            "restores / s (500 ms buckets)");
    for (Outcome o : outcomes)
      chart.add(new SvgChart.Series("steering " + (o.steering() ? "on" : "off"), o.restoreRate()));
    return chart.render();
  }

  static String chart(List<Outcome> outcomes) {
    SvgChart chart =
        new SvgChart(
            "Hops per client, one rolling deploy",
            "steering (0 = off, 1 = on)",
            "hand-offs per client");
    List<double[]> points = new ArrayList<>();
    for (Outcome o : outcomes) points.add(new double[] {o.steering() ? 1 : 0, o.hops()});
    chart.add(new SvgChart.Series("hops per client", points));
    chart.add(
        new SvgChart.Series("goal 1.1", List.of(new double[] {0, 1.1}, new double[] {1, 1.1})));
    return chart.render();
  }
}
