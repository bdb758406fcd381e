package dev.handoff.loadtest.deploy;

import dev.handoff.loadtest.client.DeployTally;
import dev.handoff.loadtest.client.Fleet;
import dev.handoff.loadtest.report.TimelineMark;
import dev.handoff.loadtest.report.TimelinePoint;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples the fleet every {@value #EVERY_MILLIS} ms (a few counter reads, cheap enough for an event
 * loop) and keeps what the deploy announced, for the progress line and the report's chart.
 */
public final class Timeline {
  static final long EVERY_MILLIS = 100;

  private final Vertx vertx;
  private final Fleet fleet;
  private final long startedAt = System.nanoTime();
  private final List<TimelinePoint> points = new ArrayList<>();
  private final List<TimelineMark> marks = new ArrayList<>();
  private volatile String phase = "starting";
  private long timer = -1;

  public Timeline(Vertx vertx, Fleet fleet) {
    this.vertx = vertx;
    this.fleet = fleet;
  }

  public void start() {
    timer = vertx.setPeriodic(EVERY_MILLIS, t -> sample());
  }

  public void stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
    sample();
  }

  public long elapsedMillis() {
    return (System.nanoTime() - startedAt) / 1_000_000;
  }

  /** What the run is doing now; shown on the progress line and marked on the chart. */
  public synchronized void phase(String what) {
    phase = what;
    marks.add(new TimelineMark(elapsedMillis(), what));
  }

  public String phase() {
    return phase;
  }

  private synchronized void sample() {
    Totals t = totals();
    points.add(
        new TimelinePoint(
            elapsedMillis(),
            fleet.settledCount(),
            fleet.inTransit(),
            t.handedOff(),
            t.restored(),
            t.refreshed(),
            t.lost()));
  }

  /** Running totals over every version drained so far. */
  public Totals totals() {
    long handed = 0, restored = 0, refreshed = 0, lost = 0;
    for (DeployTally tally : fleet.ledger().all().values()) {
      handed += tally.handedOff();
      restored += tally.restored();
      refreshed += tally.refreshed();
      lost += tally.lost() + tally.dropped();
    }
    return new Totals(handed, restored, refreshed, lost);
  }

  public record Totals(long handedOff, long restored, long refreshed, long lost) {}

  public synchronized List<TimelinePoint> points() {
    return List.copyOf(points);
  }

  public synchronized List<TimelineMark> marks() {
    return List.copyOf(marks);
  }
}
