package dev.handoff.loadtest.report;

import dev.handoff.loadtest.cluster.PodStop;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The run as JSON, for machines and for the tests: the same counts as the table. */
public final class JsonReport {
  private JsonReport() {}

  public static JsonObject of(RunReport run) {
    JsonArray deploys = new JsonArray();
    for (DeployResult d : run.deploys()) deploys.add(deploy(d));
    JsonArray timeline = new JsonArray();
    for (TimelinePoint p : run.timeline()) {
      timeline.add(
          new JsonArray()
              .add(p.atMillis())
              .add(p.settled())
              .add(p.inTransit())
              .add(p.handedOff())
              .add(p.restored())
              .add(p.refreshed())
              .add(p.lost()));
    }
    JsonArray marks = new JsonArray();
    for (TimelineMark m : run.marks())
      marks.add(new JsonObject().put("atMillis", m.atMillis()).put("label", m.label()));
    return new JsonObject()
        .put("command", run.command())
        .put("setup", run.setup())
        .put("pods", run.pods())
        .put("clients", run.clients())
        .put("stateBytes", run.stateBytes())
        .put("startedAtEpochMillis", run.startedAtEpochMillis())
        .put("durationMillis", run.durationMillis())
        .put("result", run.anyLost() ? "lost" : "ok")
        .put(
            "totals",
            new JsonObject()
                .put("handedOff", run.deploys().stream().mapToLong(DeployResult::handedOff).sum())
                .put("restored", run.deploys().stream().mapToLong(DeployResult::restored).sum())
                .put("refreshed", run.deploys().stream().mapToLong(DeployResult::refreshed).sum())
                .put("lost", run.lostViews())
                .put("intactClients", run.intactClients())
                .put("refreshedClients", run.refreshedClients())
                .put("lostClients", run.lostClients()))
        .put("deploys", deploys)
        .put(
            "timelineColumns",
            new JsonArray()
                .add("atMillis")
                .add("settled")
                .add("inTransit")
                .add("handedOff")
                .add("restored")
                .add("refreshed")
                .add("lost"))
        .put("timeline", timeline)
        .put("marks", marks);
  }

  private static JsonObject deploy(DeployResult d) {
    JsonArray drains = new JsonArray();
    for (PodStop s : d.drains()) {
      JsonObject o =
          new JsonObject()
              .put("pod", s.pod())
              .put("version", s.version())
              .put("drainMillis", s.drainMillis());
      s.report().ifPresent(r -> o.put("sidecar", new JsonObject(r.toJson())));
      drains.add(o);
    }
    JsonObject counters = new JsonObject();
    d.sidecarCounters()
        .forEach(
            (v, c) -> {
              JsonObject o = new JsonObject();
              c.forEach(o::put);
              counters.put("v" + v, o);
            });
    JsonObject reasons = new JsonObject();
    d.lostReasons().forEach(reasons::put);
    return new JsonObject()
        .put("index", d.index())
        .put("fromVersion", d.fromVersion())
        .put("toVersion", d.toVersion())
        .put("startedAtMillis", d.startedAtMillis())
        .put("durationMillis", d.durationMillis())
        .put("clients", d.clients())
        .put("handedOff", d.handedOff())
        .put("tokens", d.tokens())
        .put("restored", d.restored())
        .put("refreshed", d.refreshed())
        .put("lost", d.lost())
        .put("dropped", d.dropped())
        .put("unsettled", d.unsettled())
        .put("lostViews", d.lostViews())
        .put("retries", d.retries())
        .put("lostReasons", reasons)
        .put("drains", drains)
        .put(
            "latencyMillis",
            new JsonObject()
                .put("drainToHandoff", percentiles(d.handoffLatency()))
                .put("reconnectToRestored", percentiles(d.reconnectLatency()))
                .put("drainToRestored", percentiles(d.gap())))
        .put("sidecarCounters", counters)
        .put(
            "resources",
            new JsonObject()
                .put("heapAfterGcBytes", d.resources().heapAfterGcBytes())
                .put("openFiles", d.resources().openFiles())
                .put("waitingSnapshots", d.resources().waitingSnapshots()));
  }

  private static JsonObject percentiles(Percentiles p) {
    return new JsonObject()
        .put("count", p.count())
        .put("p50", p.p50())
        .put("p95", p.p95())
        .put("p99", p.p99())
        .put("max", p.max());
  }
}
