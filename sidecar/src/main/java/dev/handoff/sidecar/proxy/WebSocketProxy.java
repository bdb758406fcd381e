package dev.handoff.sidecar.proxy;

import dev.handoff.contract.ControlFrames;
import dev.handoff.contract.UpgradeHeaders;
import dev.handoff.sidecar.config.SidecarConfig;
import dev.handoff.sidecar.handoff.DrainCoordinator;
import dev.handoff.sidecar.handoff.Drainable;
import dev.handoff.sidecar.handoff.HandoffSession;
import dev.handoff.sidecar.handoff.ReconnectSteering;
import dev.handoff.sidecar.handoff.Restore;
import dev.handoff.sidecar.handoff.Restorer;
import dev.handoff.sidecar.handoff.SessionBinding;
import dev.handoff.sidecar.handoff.SnapshotOutcome;
import dev.handoff.sidecar.handoff.SocketPair;
import dev.handoff.sidecar.handoff.Subprotocols;
import dev.handoff.sidecar.handoff.UpgradeDecision;
import dev.handoff.sidecar.log.EventLog;
import dev.handoff.sidecar.metrics.HandoffMetrics;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.internal.ContextInternal;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Proxies a WebSocket upgrade: restores a presented token first, then opens the app's socket with
 * the client's own subprotocols (the hand-off ones removed), answers the client, and pumps frames
 * both ways. Whatever fails in the hand-off path, the app's traffic still flows. The mechanism
 * only: what the protocol decides at each step (refusals, restore headers, the subprotocol
 * answered, the greeting) is {@link UpgradeDecision}'s.
 */
final class WebSocketProxy {
  private final Vertx vertx;
  private final SidecarConfig config;
  private final UpgradeDecision decision;
  private final AppSocketConnector connector;
  private final Restorer restorer;
  private final ReconnectSteering steering;
  private final DrainCoordinator drains;
  private final HandoffSession.Shared shared;
  private final HandoffMetrics metrics;
  private final EventLog log;
  private final AtomicLong ids = new AtomicLong();
  private final int maxControlBytes;

  WebSocketProxy(
      Vertx vertx,
      SidecarConfig config,
      AppSocketConnector connector,
      Restorer restorer,
      ReconnectSteering steering,
      DrainCoordinator drains,
      HandoffSession.Shared shared,
      HandoffMetrics metrics) {
    this.steering = steering;
    this.vertx = vertx;
    this.config = config;
    this.decision = UpgradeDecision.of(config);
    this.connector = connector;
    this.restorer = restorer;
    this.drains = drains;
    this.shared = shared;
    this.metrics = metrics;
    this.log = shared.log();
    this.maxControlBytes = config.maxStateBytes() + ControlFrames.MESSAGE_ALLOWANCE_BYTES;
  }

  void handle(Upgrade req) {
    Optional<io.netty.handler.codec.http.FullHttpResponse> unfit = req.unfit();
    if (unfit.isPresent()) {
      req.refuse(unfit.get());
      return;
    }
    Optional<UpgradeDecision.Refusal> draining = UpgradeDecision.admission(drains.admit());
    if (draining.isPresent()) {
      refuse(req, draining.get());
      return;
    }
    long conn = ids.incrementAndGet();
    ContextInternal context = req.context();
    Subprotocols offer = UpgradeDecision.offer(req.headers().getAll("Sec-WebSocket-Protocol"));
    String binding = SessionBinding.of(config, req.headers());
    Optional<String> restoring = UpgradeDecision.tokenToRestore(offer);
    // The app's connection opens while the store is asked; its upgrade waits for the restore.
    AppSocketConnector.Connecting app = connector.open(context);
    if (restoring.isEmpty()) {
      connectUpstream(req, conn, context, offer, null, binding, app);
      return;
    }
    String token = restoring.get();
    steering
        .steerAway(token, context, conn)
        .onComplete(
            steer -> {
              Optional<UpgradeDecision.Refusal> steered = UpgradeDecision.steering(steer.result());
              if (steered.isPresent()) {
                app.cancel();
                drains.abandoned();
                refuse(req, steered.get());
                return;
              }
              restorer
                  .take(token, binding, context, conn)
                  .onComplete(
                      ar -> connectUpstream(req, conn, context, offer, ar.result(), binding, app));
            });
  }

  private void connectUpstream(
      Upgrade req,
      long conn,
      ContextInternal context,
      Subprotocols offer,
      Restore restore,
      String binding,
      AppSocketConnector.Connecting connecting) {
    MultiMap headers = req.forApp();
    decision.upstreamHeaders(restore).forEach(headers::set);
    connecting
        .upgrade(req.uri(), headers, offer.app())
        .onComplete(
            up -> {
              if (up.failed()) {
                drains.abandoned();
                refuse(req, conn, restore, up.cause());
                return;
              }
              AppSocketConnector.AppSocket app = up.result();
              req.accept(UpgradeDecision.answer(offer, app.subprotocol()).orElse(null))
                  .onComplete(
                      accepted -> {
                        if (accepted.failed()) {
                          drains.abandoned();
                          if (restore != null) restorer.putBack(restore, conn);
                          app.discard();
                          req.abandon();
                          return;
                        }
                        bridge(conn, context, offer.optedIn(), req, app, restore, binding);
                      });
            });
  }

  private static void refuse(Upgrade req, UpgradeDecision.Refusal refusal) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    headers.set(UpgradeHeaders.RETRY_AFTER, refusal.retryAfter());
    req.refuse(refusal.status(), headers, refusal.body().getBytes(StandardCharsets.UTF_8));
  }

  private void refuse(Upgrade req, long conn, Restore restore, Throwable cause) {
    if (restore != null) restorer.putBack(restore, conn);
    metrics.upstreamError();
    if (cause instanceof UpgradeRejectedException rejected) {
      // The app said no (404, 403…): the client hears exactly that.
      log.info("upgrade_rejected_by_app", conn, "status", rejected.getStatus());
      MultiMap headers = MultiMap.caseInsensitiveMultiMap();
      if (rejected.getHeaders() != null)
        ForwardedHeaders.copyResponse(rejected.getHeaders(), headers);
      headers.remove("Content-Length");
      req.refuse(
          rejected.getStatus(),
          headers,
          rejected.getBody() == null ? new byte[0] : rejected.getBody().getBytes());
    } else {
      log.warn("upstream_unreachable", conn, "error", cause.getClass().getSimpleName());
      req.refuse(
          FrontDoor.text(
              HttpResponseStatus.BAD_GATEWAY,
              "502 Bad Gateway: the app behind the handoff sidecar did not accept the WebSocket\n"));
    }
  }

  private void bridge(
      long conn,
      ContextInternal context,
      boolean optedIn,
      Upgrade accepted,
      AppSocketConnector.AppSocket app,
      Restore restore,
      String binding) {
    metrics.connectionOpened(optedIn);
    DrainableSocket drainable = new DrainableSocket();
    ControlSink sink = null;
    if (optedIn) {
      drainable.session = new HandoffSession(shared, conn, context, drainable, binding);
      HandoffSession session = drainable.session;
      sink =
          new ControlSink() {
            @Override
            public void control(byte[] utf8) {
              session.onControlFrame(utf8);
            }

            @Override
            public void oversized() {
              session.onOversizedControlFrame();
            }
          };
    }
    Runnable onClosed =
        () -> {
          drains.closed(drainable);
          metrics.connectionClosed(optedIn);
          log.debug("socket_closed", conn);
        };
    // A socket that did not opt in has nothing for the sidecar to read: its bytes pass undecoded.
    drainable.relay =
        optedIn
            ? FrameRelay.join(context, accepted, app, sink, maxControlBytes, onClosed)
            : ByteRelay.join(context, accepted, app, connector.maxFrameBytes(), onClosed);
    if (optedIn) greet(conn, drainable.relay, restore);
    // After hello: a socket that opens during a drain is asked for its state right away, and the
    // client
    // must have its hello first.
    drains.opened(drainable);
  }

  private void greet(long conn, SocketPair socket, Restore restore) {
    socket
        .sendToClient(decision.greeting(restore))
        .onComplete(
            ar -> {
              if (ar.failed()) {
                // A client without its hello would wait forever: it reconnects instead, its
                // snapshot put back.
                log.warn("hello_not_sent", conn, "error", ar.cause().getClass().getSimpleName());
                socket.abort();
              }
              if (restore == null) return;
              if (ar.succeeded()) restorer.settled(restore, conn);
              else restorer.putBack(restore, conn);
            });
  }

  /**
   * One relayed socket as the drain sees it: opted-in ones hand their state off through their
   * session, plain ones are closed with 1012 so the client reconnects elsewhere.
   */
  private static final class DrainableSocket implements Drainable, SocketPair {
    private SocketPair relay;
    private HandoffSession session;

    @Override
    public Future<SnapshotOutcome> drain() {
      if (session != null) return session.drain();
      return relay
          .closeBoth(
              ControlFrames.SERVICE_RESTART, "service restart", ControlFrames.GOING_AWAY, "handoff")
          .map((SnapshotOutcome) null);
    }

    @Override
    public void abort() {
      relay.abort();
    }

    @Override
    public Future<Void> sendToClient(String text) {
      return relay.sendToClient(text);
    }

    @Override
    public Future<Void> closeBoth(
        short clientCode, String clientReason, short appCode, String appReason) {
      return relay.closeBoth(clientCode, clientReason, appCode, appReason);
    }
  }
}
