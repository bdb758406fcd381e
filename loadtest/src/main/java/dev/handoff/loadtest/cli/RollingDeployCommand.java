package dev.handoff.loadtest.cli;

import dev.handoff.loadtest.client.Backoff;
import dev.handoff.loadtest.client.Fleet;
import dev.handoff.loadtest.client.FleetSettings;
import dev.handoff.loadtest.cluster.Cluster;
import dev.handoff.loadtest.cluster.ClusterSettings;
import dev.handoff.loadtest.cluster.InJvmCluster;
import dev.handoff.loadtest.cluster.MissingServerException;
import dev.handoff.loadtest.cluster.ProcessCluster;
import dev.handoff.loadtest.deploy.DeployPlan;
import dev.handoff.loadtest.deploy.ObservedRollout;
import dev.handoff.loadtest.deploy.RollingDeploy;
import dev.handoff.loadtest.deploy.Timeline;
import dev.handoff.loadtest.report.DeployResult;
import dev.handoff.loadtest.report.HtmlReport;
import dev.handoff.loadtest.report.JsonReport;
import dev.handoff.loadtest.report.RunReport;
import dev.handoff.loadtest.report.TableReport;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;

/**
 * {@code rolling-deploy}: brings up the pods (in this JVM or as processes) behind a balancer,
 * connects the clients, runs the deploys (or watches someone else's against {@code --target}), then
 * prints the table and writes report.json and report.html.
 */
public final class RollingDeployCommand {
  public static final int OK = 0;
  public static final int LOST = 1;
  public static final int BAD_FLAGS = 2;
  public static final int CANNOT_START = 3;

  private final PrintStream out;
  private final PrintStream err;

  public RollingDeployCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public int run(String[] args) {
    RollingDeployOptions options;
    try {
      options = RollingDeployFlags.parse(args);
      if (options == null) {
        out.print(RollingDeployFlags.usage());
        return OK;
      }
    } catch (BadFlagException e) {
      err.println("handoff-loadtest: " + e.getMessage());
      return BAD_FLAGS;
    }
    // Thousands of sockets make thousands of per-connection log lines; the sidecars in this JVM
    // keep to warnings.
    quietLogger("handoff", "warn");
    // Vert.x warns for every WebSocket handshake a draining pod refuses with 503: those are
    // expected here.
    quietLogger("io.vertx.core.http.impl.HttpClientConnectionInternal", "error");
    try {
      return run(options, "handoff-loadtest rolling-deploy " + String.join(" ", args));
    } catch (MissingServerException e) {
      err.println("handoff-loadtest: " + e.getMessage());
      return CANNOT_START;
    } catch (IllegalStateException | java.io.UncheckedIOException e) {
      // A server that would not start, a pod that would not get ready: one line, the logs say the
      // rest.
      err.println("handoff-loadtest: " + e.getMessage());
      return CANNOT_START;
    }
  }

  /**
   * Sets a logger's level unless the user already did (slf4j-simple reads these when a logger is
   * made).
   */
  private static void quietLogger(String name, String level) {
    String key = "org.slf4j.simpleLogger.log." + name;
    if (System.getProperty(key) == null) System.setProperty(key, level);
  }

  private int run(RollingDeployOptions o, String command) {
    Path reportDir = o.reportDir().toAbsolutePath();
    Path logDir = reportDir.resolve("logs");
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + logDir, e);
    }
    long startedAtEpoch = System.currentTimeMillis();
    Vertx vertx = Vertx.vertx();
    Cluster cluster = null;
    Fleet fleet = null;
    try {
      URI target;
      String setup;
      if (o.target().isPresent()) {
        target = o.target().get();
        setup = "clients only, against " + target;
      } else {
        ClusterSettings cs =
            new ClusterSettings(
                o.app(), o.drainTimeout(), o.reconnectSpread(), o.redisUrl(), logDir, o.clients());
        cluster = o.processes() ? new ProcessCluster(cs) : new InJvmCluster(vertx, cs);
        target = cluster.balancer().url(o.path());
        setup = cluster.describe();
      }
      fleet =
          new Fleet(
              vertx,
              new FleetSettings(
                  target,
                  o.clients(),
                  o.stateMin(),
                  o.stateMax(),
                  o.staleClients(),
                  o.seed(),
                  Backoff.standard(),
                  100));
      Timeline timeline = new Timeline(vertx, fleet);
      timeline.start();
      RollingDeploy rollout =
          cluster == null
              ? null
              : new RollingDeploy(
                  cluster,
                  fleet,
                  new DeployPlan(o.pods(), o.deploys(), o.firstVersion(), o.settleTimeout()),
                  timeline);
      IntSupplier done = rollout == null ? fleet::settledCount : rollout::podsReplaced;
      int total = rollout == null ? o.clients() : o.pods() * o.deploys();
      List<DeployResult> results;
      try (ProgressBar progress =
          new ProgressBar(err, fleet, timeline, done, total, System.console() != null)) {
        if (o.progress()) progress.start();
        if (rollout != null) rollout.startReplicas();
        timeline.phase("connecting " + o.clients() + " clients");
        Fleet connecting = fleet;
        fleet.connect().await(Math.max(60, o.clients() / 20), TimeUnit.SECONDS);
        results =
            rollout != null
                ? rollout.run()
                : new ObservedRollout(connecting, timeline, o.deploys(), o.watchFor()).watch();
        timeline.phase("done");
        timeline.stop();
      }
      RunReport report =
          new RunReport(
              command,
              setup,
              cluster == null ? 0 : o.pods(),
              o.clients(),
              o.stateBytes(),
              startedAtEpoch,
              System.currentTimeMillis() - startedAtEpoch,
              results,
              fleet.intactClients(),
              fleet.clientsRefreshed(),
              fleet.clientsWithLoss(),
              timeline.points(),
              timeline.marks());
      write(report, reportDir);
      return report.anyLost() ? LOST : OK;
    } catch (TimeoutException e) {
      err.println(
          "handoff-loadtest: the clients could not all connect through "
              + (cluster == null
                  ? o.target().map(URI::toString).orElse("?")
                  : cluster.balancer().describe())
              + " in time");
      return CANNOT_START;
    } finally {
      if (fleet != null) fleet.close();
      if (cluster != null) cluster.close();
      vertx.close();
    }
  }

  private void write(RunReport report, Path dir) {
    Path json = dir.resolve("report.json");
    Path html = dir.resolve("report.html");
    try {
      Files.writeString(json, JsonReport.of(report).encodePrettily());
      Files.writeString(html, HtmlReport.render(report));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.println();
    out.print(TableReport.render(report));
    out.println();
    out.println("report: " + json);
    out.println("        " + html);
  }
}
