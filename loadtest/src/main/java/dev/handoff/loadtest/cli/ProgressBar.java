package dev.handoff.loadtest.cli;

import dev.handoff.loadtest.client.Fleet;
import dev.handoff.loadtest.deploy.Timeline;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * One line on stderr, redrawn in place on a terminal; on anything else (CI logs, pipes) a plain
 * line when the phase changes and every few seconds. Printing happens on a thread of its own, never
 * an event loop.
 */
final class ProgressBar implements AutoCloseable {
  private static final int WIDTH = 24;

  private final PrintStream err;
  private final Fleet fleet;
  private final Timeline timeline;
  private final IntSupplier done;
  private final int total;
  private final boolean terminal;
  private final ScheduledExecutorService printer;
  private String lastPhase = "";
  private long lastPlainAt;
  private int lastWidth;
  private boolean started;

  ProgressBar(
      PrintStream err,
      Fleet fleet,
      Timeline timeline,
      IntSupplier done,
      int total,
      boolean terminal) {
    this.err = err;
    this.fleet = fleet;
    this.timeline = timeline;
    this.done = done;
    this.total = Math.max(1, total);
    this.terminal = terminal;
    this.printer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "progress");
              t.setDaemon(true);
              return t;
            });
  }

  void start() {
    started = true;
    printer.scheduleAtFixedRate(this::draw, 0, terminal ? 200 : 500, TimeUnit.MILLISECONDS);
  }

  private synchronized void draw() {
    String phase = timeline.phase();
    long now = timeline.elapsedMillis();
    if (!terminal && phase.equals(lastPhase) && now - lastPlainAt < 5000) return;
    Timeline.Totals t = timeline.totals();
    int filled = Math.min(WIDTH, done.getAsInt() * WIDTH / total);
    String line =
        String.format(
            Locale.ROOT,
            "%6.1fs [%s%s] %s | clients %d/%d live, %d in transit | handed off %d,"
                + " restored %d, refreshed %d, lost %d",
            now / 1000.0,
            "#".repeat(filled),
            ".".repeat(WIDTH - filled),
            phase,
            fleet.settledCount(),
            fleet.size(),
            fleet.inTransit(),
            t.handedOff(),
            t.restored(),
            t.refreshed(),
            t.lost());
    if (terminal) {
      err.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
      lastWidth = line.length();
    } else {
      err.println(line);
    }
    err.flush();
    lastPhase = phase;
    lastPlainAt = now;
  }

  @Override
  public void close() {
    printer.shutdownNow();
    if (!started) return;
    try {
      printer.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lastPhase = "";
    draw();
    if (terminal) err.println();
  }
}
