package dev.handoff.sidecar.proxy;

import dev.handoff.contract.ControlFrames;
import dev.handoff.contract.Subprotocol;
import dev.handoff.contract.UpgradeHeaders;
import dev.handoff.sidecar.EventLog;
import dev.handoff.sidecar.config.SidecarConfig;
import dev.handoff.sidecar.handoff.Drainable;
import dev.handoff.sidecar.handoff.DrainCoordinator;
import dev.handoff.sidecar.handoff.HandoffSession;
import dev.handoff.sidecar.handoff.ReconnectSteering;
import dev.handoff.sidecar.handoff.Restore;
import dev.handoff.sidecar.handoff.Restorer;
import dev.handoff.sidecar.handoff.SessionBinding;
import dev.handoff.sidecar.handoff.SessionControl;
import dev.handoff.sidecar.handoff.Subprotocols;
import dev.handoff.sidecar.metrics.HandoffMetrics;
import dev.handoff.sidecar.handoff.RestoreOutcome;
import dev.handoff.sidecar.handoff.SnapshotOutcome;
import dev.handoff.sidecar.handoff.SocketPair;
import io.netty.channel.Channel;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.http.WebSocketInternal;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Proxies a WebSocket upgrade: restores a presented token first, then opens the app's socket with the
 * client's own subprotocols (the hand-off ones removed), answers the client with the app's choice, and
 * pumps frames both ways. Whatever fails in the hand-off path, the app's traffic still flows.
 */
final class WebSocketProxy {
  private final Vertx vertx;
  private final SidecarConfig config;
  private final AppSocketConnector connector;
  private final Restorer restorer;
  private final ReconnectSteering steering;
  private final DrainCoordinator drains;
  private final HandoffSession.Shared shared;
  private final HandoffMetrics metrics;
  private final EventLog log;
  private final AtomicLong ids = new AtomicLong();
  private final int maxControlBytes;

  WebSocketProxy(Vertx vertx, SidecarConfig config, AppSocketConnector connector, Restorer restorer,
                 ReconnectSteering steering, DrainCoordinator drains, HandoffSession.Shared shared) {
    this.steering = steering;
    this.vertx = vertx;
    this.config = config;
    this.connector = connector;
    this.restorer = restorer;
    this.drains = drains;
    this.shared = shared;
    this.metrics = shared.metrics();
    this.log = shared.log();
    this.maxControlBytes = config.maxStateBytes() + ControlFrames.MESSAGE_ALLOWANCE_BYTES;
  }

  void handle(HttpServerRequest req) {
    req.pause();
    if (!drains.admit()) {
      // Endpoint removal races the drain: the client retries and lands on a pod that is still serving.
      req.response().setStatusCode(UpgradeHeaders.RETRY_STATUS).putHeader(UpgradeHeaders.RETRY_AFTER, UpgradeHeaders.RETRY_AFTER_DRAINING).end("draining\n");
      return;
    }
    long conn = ids.incrementAndGet();
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    Subprotocols offer = Subprotocols.parse(req.headers().getAll("Sec-WebSocket-Protocol"));
    String binding = SessionBinding.of(config, req.headers());
    if (!offer.optedIn() || offer.token().isEmpty()) {
      connectUpstream(req, conn, context, offer, null, binding);
      return;
    }
    String token = offer.token().get();
    steering.steerAway(token, context, conn).onComplete(steer -> {
      if (steer.result()) {
        // A newer version is ready elsewhere: the client retries (with jitter) and lands there.
        drains.abandoned();
        req.response().setStatusCode(UpgradeHeaders.RETRY_STATUS)
            .putHeader(UpgradeHeaders.RETRY_AFTER, UpgradeHeaders.RETRY_AFTER_STEERED)
            .end("a newer version of the app is ready on another pod\n");
        return;
      }
      restorer.take(token, binding, context, conn)
          .onComplete(ar -> connectUpstream(req, conn, context, offer, ar.result(), binding));
    });
  }

  private void connectUpstream(HttpServerRequest req, long conn, ContextInternal context, Subprotocols offer,
                               Restore restore, String binding) {
    MultiMap headers = ForwardedHeaders.forRequest(req, true);
    if (restore != null && restore.restored()) {
      headers.set(UpgradeHeaders.RESTORED_FROM, Long.toString(restore.envelope().version()));
      String encoded = UpgradeHeaders.encodeState(restore.envelope().state().getBytes(StandardCharsets.UTF_8));
      if (encoded.length() <= config.stateHeaderBudget()) headers.set(UpgradeHeaders.STATE, encoded);
    }
    connector.connect(context, req.uri(), headers, offer.app())
        .onComplete(up -> {
          if (up.failed()) {
            drains.abandoned();
            refuse(req, conn, restore, up.cause());
            return;
          }
          AppSocketConnector.AppSocket app = up.result();
          String chosen = app.subprotocol();
          // Browsers fail a handshake that offered protocols and got none back, so answer with ours then.
          String answer = chosen != null && !chosen.isEmpty() ? chosen : offer.optedIn() ? Subprotocol.V1 : null;
          if (answer != null) req.response().headers().set("Sec-WebSocket-Protocol", answer);
          req.toWebSocket().onComplete(accepted -> {
            if (accepted.failed()) {
              drains.abandoned();
              if (restore != null) restorer.putBack(restore, conn);
              app.discard();
              return;
            }
            bridge(conn, context, offer.optedIn(), accepted.result(), app, restore, binding);
          });
        });
  }

  private void refuse(HttpServerRequest req, long conn, Restore restore, Throwable cause) {
    if (restore != null) restorer.putBack(restore, conn);
    metrics.upstreamError();
    if (cause instanceof UpgradeRejectedException rejected) {
      // The app said no (404, 403…): the client hears exactly that.
      log.info("upgrade_rejected_by_app", conn, "status", rejected.getStatus());
      var response = req.response().setStatusCode(rejected.getStatus());
      if (rejected.getHeaders() != null) ForwardedHeaders.copyResponse(rejected.getHeaders(), response.headers());
      response.headers().remove("Content-Length");
      response.end(rejected.getBody() == null ? io.vertx.core.buffer.Buffer.buffer() : rejected.getBody());
    } else {
      log.warn("upstream_unreachable", conn, "error", cause.getClass().getSimpleName());
      req.response().setStatusCode(502).putHeader("Content-Type", "text/plain; charset=utf-8")
          .end("502 Bad Gateway: the app behind the handoff sidecar did not accept the WebSocket\n");
    }
  }

  private void bridge(long conn, ContextInternal context, boolean optedIn, ServerWebSocket socket,
                      AppSocketConnector.AppSocket app, Restore restore, String binding) {
    metrics.connectionOpened(optedIn);
    Channel clientChannel = ((WebSocketInternal) socket).channelHandlerContext().channel();
    DrainableSocket drainable = new DrainableSocket();
    ControlSink sink = null;
    if (optedIn) {
      drainable.session = new HandoffSession(shared, conn, context, drainable, binding);
      HandoffSession session = drainable.session;
      sink = new ControlSink() {
        @Override
        public void control(String text) {
          session.onControlFrame(text);
        }

        @Override
        public void oversized() {
          session.onOversizedControlFrame();
        }
      };
    }
    drainable.relay = FrameRelay.join(context, clientChannel, app, sink, maxControlBytes, () -> {
      drains.closed(drainable);
      metrics.connectionClosed(optedIn);
      log.debug("socket_closed", conn);
    });
    if (optedIn) greet(conn, drainable.relay, restore);
    // After hello: a socket that opens during a drain is asked for its state right away, and the client
    // must have its hello first.
    drains.opened(drainable);
  }

  private void greet(long conn, FrameRelay socket, Restore restore) {
    String frame;
    if (restore == null) {
      frame = SessionControl.hello(config.app(), config.version());
    } else if (restore.outcome() == RestoreOutcome.RESTORED) {
      frame = SessionControl.helloRestored(config.app(), config.version(), restore.envelope().version(),
          restore.envelope().state());
    } else if (restore.outcome() == RestoreOutcome.REFRESH) {
      frame = SessionControl.refresh(ControlFrames.REFRESH_VERSION);
    } else if (restore.outcome() == RestoreOutcome.STORE_ERROR) {
      frame = SessionControl.helloNotRestored(config.app(), config.version(), ControlFrames.RESTORE_UNAVAILABLE);
    } else {
      frame = SessionControl.helloNotRestored(config.app(), config.version(), ControlFrames.RESTORE_EXPIRED);
    }
    socket.sendToClient(frame).onComplete(ar -> {
      if (ar.failed()) {
        // A client without its hello would wait forever: it reconnects instead, its snapshot put back.
        log.warn("hello_not_sent", conn, "error", ar.cause().getClass().getSimpleName());
        socket.abort();
      }
      if (restore == null) return;
      if (ar.succeeded()) restorer.settled(restore, conn);
      else restorer.putBack(restore, conn);
    });
  }

  /**
   * One relayed socket as the drain sees it: opted-in ones hand their state off through their session, plain
   * ones are closed with 1012 so the client reconnects elsewhere.
   */
  private static final class DrainableSocket implements Drainable, SocketPair {
    private FrameRelay relay;
    private HandoffSession session;

    @Override
    public Future<SnapshotOutcome> drain() {
      if (session != null) return session.drain();
      return relay.closeBoth(ControlFrames.SERVICE_RESTART, "service restart", ControlFrames.GOING_AWAY, "handoff")
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
    public Future<Void> closeBoth(short clientCode, String clientReason, short appCode, String appReason) {
      return relay.closeBoth(clientCode, clientReason, appCode, appReason);
    }
  }
}
