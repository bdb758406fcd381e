package dev.handoff.sidecar.handoff;

import dev.handoff.contract.ControlFrames;
import dev.handoff.contract.RedisKeys;
import dev.handoff.sidecar.config.SidecarConfig;
import dev.handoff.sidecar.log.EventLog;
import dev.handoff.sidecar.store.RolloutCounters;
import dev.handoff.sidecar.store.SnapshotStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The hand-off side of one opted-in socket: keeps the latest checkpoint, and on drain asks the
 * client for its state, stores it under a fresh token, gives the client the token and closes with
 * 1012. All of it runs on the socket's own event loop.
 */
public final class HandoffSession implements Drainable {
  /** Close code 1012 (Service Restart): the client should come back, elsewhere. */
  private static final short SERVICE_RESTART = ControlFrames.SERVICE_RESTART;

  private static final short GOING_AWAY = ControlFrames.GOING_AWAY;

  /** The parts of the sidecar every session shares. */
  public record Shared(
      SidecarConfig config,
      SnapshotStore snapshots,
      RolloutCounters rolloutCounters,
      HandoffRecorder metrics,
      EventLog log,
      HandoffToken tokens,
      ControlFrameParser parser) {}

  private final Shared shared;
  private final long conn;
  private final Context context;
  private final SocketPair sockets;
  private final String binding;
  private final ControlFrameBudget budget = new ControlFrameBudget(System.nanoTime());
  private boolean overBudget;
  private ControlFrame checkpoint;
  private Promise<ControlFrame> answer;
  private Future<SnapshotOutcome> drained;

  public HandoffSession(
      Shared shared, long conn, Context context, SocketPair sockets, String binding) {
    this.binding = binding;
    this.shared = shared;
    this.conn = conn;
    this.context = context;
    this.sockets = sockets;
  }

  /** A control frame given as text: its UTF-8 bytes are what the client sent. */
  public void onControlFrame(String text) {
    onControlFrame(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A control frame from the client, its bytes as they came (U+0000 first); never forwarded to the
   * app. Runs on the socket's event loop.
   */
  public void onControlFrame(byte[] utf8) {
    if (!budget.take(System.nanoTime())) {
      // One error per burst is enough for the client to learn; the rest are dropped unread.
      if (!overBudget)
        reject(
            new ControlFrameException(
                ControlFrameParser.RATE_LIMITED,
                "more than "
                    + ControlFrameBudget.BURST
                    + " control frames in a burst; frames are dropped"));
      overBudget = true;
      return;
    }
    overBudget = false;
    ControlFrame frame;
    try {
      frame = shared.parser().parse(utf8);
    } catch (ControlFrameException e) {
      reject(e);
      return;
    }
    if (frame.type() == ControlFrame.Type.STATE && answer != null) {
      answer.tryComplete(frame);
    } else {
      checkpoint = frame;
    }
  }

  /** A fragmented control message that grew past the limit before it ended. */
  public void onOversizedControlFrame() {
    reject(shared.parser().tooLarge());
  }

  private void reject(ControlFrameException e) {
    shared.metrics().controlFrameRejected(e.code());
    shared.log().info("control_frame_rejected", conn, "code", e.code());
    // The error goes out first: failing the answer closes the socket.
    sockets.sendToClient(SessionControl.error(e.code(), e.getMessage()));
    if (ControlFrameParser.STATE_TOO_LARGE.equals(e.code()) && answer != null) {
      answer.tryFail(e);
    }
  }

  @Override
  public Future<SnapshotOutcome> drain() {
    Promise<SnapshotOutcome> done = Promise.promise();
    context.runOnContext(v -> drainOnContext().onComplete(done));
    return done.future();
  }

  private Future<SnapshotOutcome> drainOnContext() {
    if (drained != null) return drained;
    long askedAt = System.nanoTime();
    long deadlineMs = shared.config().answerDeadline().toMillis();
    answer = Promise.promise();
    long timer = context.owner().setTimer(Math.max(1, deadlineMs), t -> answer.tryFail("deadline"));
    sockets.sendToClient(SessionControl.drain(deadlineMs));
    drained =
        answer
            .future()
            .recover(
                err -> {
                  if (err instanceof ControlFrameException e
                      && ControlFrameParser.STATE_TOO_LARGE.equals(e.code())) {
                    return Future.failedFuture(e);
                  }
                  return checkpoint == null
                      ? Future.failedFuture("no state")
                      : Future.succeededFuture(checkpoint);
                })
            .transform(
                ar -> {
                  context.owner().cancelTimer(timer);
                  if (ar.failed()) {
                    SnapshotOutcome outcome =
                        ar.cause() instanceof ControlFrameException
                            ? SnapshotOutcome.TOO_LARGE
                            : SnapshotOutcome.TIMEOUT;
                    return finish(outcome, null, askedAt);
                  }
                  return store(ar.result(), askedAt);
                });
    return drained;
  }

  private Future<SnapshotOutcome> store(ControlFrame frame, long askedAt) {
    SidecarConfig config = shared.config();
    String token = shared.tokens().next();
    String tokenHash = HandoffToken.hash(token); // both keys' part: one digest per hand-off
    String key = RedisKeys.snapshot(config.app(), tokenHash);
    SnapshotEnvelope snapshot =
        new SnapshotEnvelope(
            config.app(),
            config.version(),
            System.currentTimeMillis(),
            frame.pageVersion(),
            binding,
            frame.state());
    String envelope = snapshot.encode();
    long putStarted = System.nanoTime();
    // Sent before the snapshot and awaited with it (one batch, no added wait), so steering can read
    // the versions
    // as soon as the client has its token. Best effort: without them steering falls back to the
    // newest version.
    CompletionStage<Void> versions =
        shared
            .snapshots()
            .putVersions(
                RedisKeys.snapshotVersions(config.app(), tokenHash),
                SnapshotVersions.of(snapshot).encode(),
                config.snapshotTtl())
            .exceptionally(err -> null);
    CompletionStage<Void> stored =
        shared
            .snapshots()
            .put(key, envelope, config.snapshotTtl())
            .thenCombine(versions, (ok, ignored) -> ok);
    return Future.fromCompletionStage(stored, context)
        .transform(
            ar -> {
              shared.metrics().storePut(Duration.ofNanos(System.nanoTime() - putStarted));
              if (ar.failed()) {
                Throwable cause =
                    ar.cause() instanceof java.util.concurrent.CompletionException
                            && ar.cause().getCause() != null
                        ? ar.cause().getCause()
                        : ar.cause();
                shared
                    .log()
                    .warn("snapshot_store_error", conn, "error", cause.getClass().getSimpleName());
                sockets.sendToClient(
                    SessionControl.error(
                        ControlFrames.STORE_UNAVAILABLE,
                        "the state could not be stored; reconnect and restore from the local copy"));
                return finish(SnapshotOutcome.STORE_ERROR, null, askedAt);
              }
              shared
                  .metrics()
                  .snapshotStored(
                      frame.stateBytes(), Duration.ofNanos(System.nanoTime() - askedAt));
              return finish(SnapshotOutcome.STORED, token, askedAt);
            });
  }

  private Future<SnapshotOutcome> finish(SnapshotOutcome outcome, String token, long askedAt) {
    SidecarConfig config = shared.config();
    shared.metrics().snapshot(outcome);
    // The store may batch counters: the socket counts as drained once its count is in, so a pod
    // that exits
    // right after its drain has reported every outcome. count() never fails.
    Future<Void> counted =
        Future.fromCompletionStage(
            shared
                .rolloutCounters()
                .count(
                    RedisKeys.rollout(config.app(), config.version()), outcome.counter().field()));
    long reconnectAfter = reconnectDelay(config.reconnectSpread());
    if (token != null) {
      sockets.sendToClient(
          SessionControl.handoff(token, reconnectAfter, config.snapshotTtl().toMillis()));
    }
    shared
        .log()
        .info(
            "handed_off",
            conn,
            "outcome",
            outcome.name().toLowerCase(Locale.ROOT),
            "took_ms",
            Duration.ofNanos(System.nanoTime() - askedAt).toMillis(),
            "reconnect_after_ms",
            reconnectAfter);
    return Future.join(closeBoth(), counted.otherwiseEmpty()).map(outcome);
  }

  private Future<Void> closeBoth() {
    return sockets.closeBoth(SERVICE_RESTART, "handoff", GOING_AWAY, "handoff").otherwiseEmpty();
  }

  @Override
  public void abort() {
    context.runOnContext(v -> closeBoth());
  }

  /**
   * Full jitter over the spread, so the clients of one pod do not land on the next pod all at once.
   */
  static long reconnectDelay(Duration spread) {
    long ms = spread.toMillis();
    return ms <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ms);
  }
}
