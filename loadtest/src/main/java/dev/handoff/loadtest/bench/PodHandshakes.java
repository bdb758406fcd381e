package dev.handoff.loadtest.bench;

import dev.handoff.loadtest.cluster.Pod;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Each pod's handshakes over time, read the way Prometheus reads them: every {@code everyMillis}
 * the sidecar's {@code /metrics} on its admin port is scraped, and two of its series are kept per
 * pod — {@code handoff_connections} (open proxied WebSockets, both opted-in tags) and {@code
 * handoff_restores_total{outcome="restored"}}. A pod that has stopped simply stops answering. Works
 * the same for pods in this JVM and pods as processes: it only needs the admin port.
 */
final class PodHandshakes {
  /** One scrape: when (the clock's milliseconds), open sockets, and restores so far. */
  record Sample(long atMillis, long sockets, long restored) {}

  /** The samples of one pod, in time order. */
  static final class Track {
    private final String name;
    private final long version;
    private final int adminPort;
    private final long startedAtMillis;
    private final List<Sample> samples = new ArrayList<>();
    private boolean inFlight;
    private volatile boolean gone;

    Track(String name, long version, int adminPort, long startedAtMillis) {
      this.name = name;
      this.version = version;
      this.adminPort = adminPort;
      this.startedAtMillis = startedAtMillis;
    }

    String name() {
      return name;
    }

    long version() {
      return version;
    }

    /** When the pod was ready (the clock's milliseconds). */
    long startedAtMillis() {
      return startedAtMillis;
    }

    synchronized List<Sample> samples() {
      return List.copyOf(samples);
    }

    synchronized void add(Sample s) {
      samples.add(s);
    }

    /**
     * WebSocket upgrades the pod accepted so far, sample by sample: the running sum of the rises of
     * its open sockets. Exact for a pod that no socket leaves between two scrapes (a new pod during
     * one deploy), a lower bound otherwise.
     */
    List<double[]> acceptedUpgrades() {
      List<double[]> out = new ArrayList<>();
      long total = 0;
      long prev = 0;
      for (Sample s : samples()) {
        total += Math.max(0, s.sockets() - prev);
        prev = s.sockets();
        out.add(new double[] {s.atMillis(), total});
      }
      return out;
    }

    /** Restores so far, sample by sample. */
    List<double[]> restores() {
      List<double[]> out = new ArrayList<>();
      for (Sample s : samples()) out.add(new double[] {s.atMillis(), s.restored()});
      return out;
    }
  }

  private final Vertx vertx;
  private final LongSupplier clock;
  private final HttpClient http;
  private final List<Track> tracks = new ArrayList<>();
  private long timer = -1;

  /**
   * @param clock milliseconds on the time base the samples are stamped with (the run's timeline)
   */
  PodHandshakes(Vertx vertx, LongSupplier clock) {
    this.vertx = vertx;
    this.clock = clock;
    this.http =
        vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(1000).setKeepAlive(true));
  }

  /** Starts following a pod (once it is ready). */
  synchronized void watch(Pod pod) {
    tracks.add(new Track(pod.name(), pod.version(), pod.adminPort(), clock.getAsLong()));
  }

  /** The pod is stopping; its last scrapes may still arrive, then it is left alone. */
  synchronized void gone(Pod pod) {
    for (Track t : tracks) {
      if (t.name().equals(pod.name())) t.gone = true;
    }
  }

  synchronized List<Track> tracks() {
    return List.copyOf(tracks);
  }

  void start(long everyMillis) {
    timer = vertx.setPeriodic(everyMillis, t -> scrapeAll());
  }

  /** Stops sampling after one last scrape of every pod still running. */
  void stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
    List<Future<Void>> last = new ArrayList<>();
    for (Track t : tracks()) {
      if (!t.gone) last.add(scrape(t));
    }
    try {
      Future.join(last).await(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      // A pod that does not answer within 10 s keeps the samples it had.
    }
    http.close();
  }

  private void scrapeAll() {
    for (Track t : tracks()) {
      synchronized (t) {
        if (t.gone || t.inFlight) continue; // a slow pod is not asked again before it answered
        t.inFlight = true;
      }
      scrape(t)
          .onComplete(
              ar -> {
                synchronized (t) {
                  t.inFlight = false;
                }
              });
    }
  }

  private Future<Void> scrape(Track t) {
    return http.request(HttpMethod.GET, t.adminPort, "127.0.0.1", "/metrics")
        .compose(req -> req.send().compose(HttpClientResponse::body))
        .map(
            body -> {
              long at = clock.getAsLong();
              String text = body.toString();
              t.add(
                  new Sample(
                      at,
                      sum(text, "handoff_connections", ""),
                      sum(text, "handoff_restores_total", "outcome=\"restored\"")));
              return (Void) null;
            })
        .otherwise((Void) null);
  }

  /**
   * Sums the values of one metric's series whose labels contain {@code labels}, from Prometheus
   * text.
   */
  static long sum(String exposition, String metric, String labels) {
    long total = 0;
    for (String line : exposition.split("\n")) {
      if (!line.startsWith(metric + "{") && !line.startsWith(metric + " ")) continue;
      int close = line.indexOf('}');
      String labelText = close < 0 ? "" : line.substring(metric.length(), close + 1);
      if (!labelText.contains(labels)) continue;
      String rest = line.substring(close < 0 ? metric.length() : close + 1).trim();
      String value = rest.split("\\s+")[0];
      total += (long) Double.parseDouble(value);
    }
    return total;
  }

  /**
   * A running total, sampled at irregular moments, as a rate per second in fixed buckets on a grid
   * from {@code fromMillis}: the total at each bucket edge is interpolated between the samples
   * around it, so a late scrape moves counts between neighbouring buckets but never loses one.
   * Buckets wholly before the first sample (the pod was not there yet) are left out, and so is a
   * last bucket that ends after {@code toMillis}. Points are (seconds from {@code fromMillis} to
   * the bucket's end, rate).
   */
  static List<double[]> rate(
      List<double[]> cumulative, long fromMillis, long toMillis, long bucketMillis) {
    List<double[]> out = new ArrayList<>();
    if (cumulative.isEmpty()) return out;
    long first = (long) cumulative.get(0)[0];
    long edge =
        fromMillis + Math.max(0, Math.floorDiv(first - fromMillis, bucketMillis)) * bucketMillis;
    for (; edge + bucketMillis <= toMillis; edge += bucketMillis) {
      double a = at(cumulative, edge);
      double b = at(cumulative, edge + bucketMillis);
      out.add(
          new double[] {
            (edge + bucketMillis - fromMillis) / 1000.0, (b - a) * 1000.0 / bucketMillis
          });
    }
    return out;
  }

  /**
   * The running total at {@code millis}, linear between samples, flat before the first and after
   * the last.
   */
  static double at(List<double[]> cumulative, double millis) {
    double[] prev = cumulative.get(0);
    if (millis <= prev[0]) return prev[1];
    for (double[] p : cumulative) {
      if (p[0] >= millis) {
        return p[0] == prev[0]
            ? p[1]
            : prev[1] + (p[1] - prev[1]) * (millis - prev[0]) / (p[0] - prev[0]);
      }
      prev = p;
    }
    return prev[1];
  }

  /**
   * The first moment the running total reaches {@code target}, linear between samples; -1 if never.
   */
  static double reaches(List<double[]> cumulative, double target) {
    double[] prev = null;
    for (double[] p : cumulative) {
      if (p[1] >= target) {
        if (prev == null || p[1] == prev[1]) return p[0];
        return prev[0] + (p[0] - prev[0]) * (target - prev[1]) / (p[1] - prev[1]);
      }
      prev = p;
    }
    return -1;
  }
}
