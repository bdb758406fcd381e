package dev.handoff.sidecar.metrics;

import dev.handoff.contract.ControlFrames;
import dev.handoff.sidecar.handoff.HandoffRecorder;
import dev.handoff.sidecar.handoff.RestoreOutcome;
import dev.handoff.sidecar.handoff.SnapshotOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sidecar's metrics, named by Prometheus conventions (see docs/OPERATIONS.md). Histograms use
 * explicit buckets: percentile histograms over the whole range would emit some sixty series each.
 */
public final class HandoffMetrics implements HandoffRecorder {
  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
    Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
    Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5)
  };
  private static final Duration[] DRAIN_BUCKETS = {
    Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
    Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
    Duration.ofSeconds(30), Duration.ofSeconds(60)
  };

  private final PrometheusMeterRegistry registry;
  private final AtomicInteger optedIn = new AtomicInteger();
  private final AtomicInteger plain = new AtomicInteger();
  private final Counter drains;
  private final Timer drainDuration;
  private final Timer handoffLatency;
  private final Map<SnapshotOutcome, Counter> snapshots = new EnumMap<>(SnapshotOutcome.class);
  private final Map<RestoreOutcome, Counter> restores = new EnumMap<>(RestoreOutcome.class);
  private final DistributionSummary snapshotSize;
  private final Timer storePut;
  private final Timer storeTake;
  private final Map<String, Counter> controlFramesRejected =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Counter upstreamErrors;

  public HandoffMetrics(String app, long version) {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags(Tags.of("app", app, "version", Long.toString(version)));
    Gauge.builder("handoff.connections", optedIn, AtomicInteger::get)
        .tag("opted_in", "true")
        .description("Open proxied WebSocket connections")
        .register(registry);
    Gauge.builder("handoff.connections", plain, AtomicInteger::get)
        .tag("opted_in", "false")
        .description("Open proxied WebSocket connections")
        .register(registry);
    drains = Counter.builder("handoff.drains").description("Drains started").register(registry);
    drainDuration =
        Timer.builder("handoff.drain.duration")
            .description("From drain start to the last close")
            .serviceLevelObjectives(DRAIN_BUCKETS)
            .register(registry);
    handoffLatency =
        Timer.builder("handoff.handoff.latency")
            .description("Per client, from the drain frame to the handoff frame")
            .serviceLevelObjectives(LATENCY_BUCKETS)
            .register(registry);
    for (SnapshotOutcome o : SnapshotOutcome.values()) {
      snapshots.put(
          o,
          Counter.builder("handoff.snapshots")
              .tag("outcome", o.name().toLowerCase())
              .description("Client states taken during drains, by outcome")
              .register(registry));
    }
    for (RestoreOutcome o : RestoreOutcome.values()) {
      restores.put(
          o,
          Counter.builder("handoff.restores")
              .tag("outcome", o.name().toLowerCase())
              .description("Presented hand-off tokens, by outcome")
              .register(registry));
    }
    snapshotSize =
        DistributionSummary.builder("handoff.snapshot.size")
            .baseUnit("bytes")
            .description("Size of stored client states")
            .serviceLevelObjectives(256, 1024, 4096, 16384, 65536, 262144)
            .register(registry);
    storePut = storeTimer("put");
    storeTake = storeTimer("take");
    for (String code :
        List.of(
            ControlFrames.STATE_TOO_LARGE,
            ControlFrames.MALFORMED_FRAME,
            ControlFrames.UNKNOWN_TYPE,
            ControlFrames.INVALID_STATE,
            ControlFrames.RATE_LIMITED)) {
      controlFramesRejected.put(
          code,
          Counter.builder("handoff.control.frames.rejected")
              .tag("code", code)
              .description("Client control frames rejected, by error code")
              .register(registry));
    }
    upstreamErrors =
        Counter.builder("handoff.upstream.errors")
            .description("Requests and upgrades the app could not be reached for")
            .register(registry);
  }

  private Timer storeTimer(String operation) {
    return Timer.builder("handoff.store.latency")
        .tag("operation", operation)
        .description("Snapshot store round trips")
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry);
  }

  public void connectionOpened(boolean optedInSocket) {
    (optedInSocket ? optedIn : plain).incrementAndGet();
  }

  public void connectionClosed(boolean optedInSocket) {
    (optedInSocket ? optedIn : plain).decrementAndGet();
  }

  @Override
  public void drainStarted() {
    drains.increment();
  }

  @Override
  public void drainFinished(Duration took) {
    drainDuration.record(took);
  }

  @Override
  public void snapshot(SnapshotOutcome outcome) {
    snapshots.get(outcome).increment();
  }

  @Override
  public void snapshotStored(int bytes, Duration sinceDrainFrame) {
    snapshotSize.record(bytes);
    handoffLatency.record(sinceDrainFrame);
  }

  @Override
  public void restore(RestoreOutcome outcome) {
    restores.get(outcome).increment();
  }

  @Override
  public void storePut(Duration took) {
    storePut.record(took);
  }

  @Override
  public void storeTake(Duration took) {
    storeTake.record(took);
  }

  @Override
  public void controlFrameRejected(String code) {
    Counter c = controlFramesRejected.get(code);
    if (c != null) c.increment();
  }

  public void upstreamError() {
    upstreamErrors.increment();
  }

  public String scrape() {
    return registry.scrape();
  }
}
