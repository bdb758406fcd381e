package dev.handoff.sidecar.proxy;

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
import dev.handoff.sidecar.metrics.HandoffMetrics.RestoreOutcome;
import dev.handoff.sidecar.metrics.HandoffMetrics.SnapshotOutcome;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Proxies a WebSocket upgrade: restores a presented token first, then opens the app's socket with the
 * client's own subprotocols (the hand-off ones removed), answers the client with the app's choice, and
 * pumps frames both ways. Whatever fails in the hand-off path, the app's traffic still flows.
 */
final class WebSocketProxy {
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final Vertx vertx;
  private final SidecarConfig config;
  private final WebSocketClient client;
  private final Restorer restorer;
  private final ReconnectSteering steering;
  private final DrainCoordinator drains;
  private final HandoffSession.Shared shared;
  private final HandoffMetrics metrics;
  private final EventLog log;
  private final AtomicLong ids = new AtomicLong();
  private final int maxControlBytes;

  WebSocketProxy(Vertx vertx, SidecarConfig config, WebSocketClient client, Restorer restorer,
                 ReconnectSteering steering, DrainCoordinator drains, HandoffSession.Shared shared) {
    this.steering = steering;
    this.vertx = vertx;
    this.config = config;
    this.client = client;
    this.restorer = restorer;
    this.drains = drains;
    this.shared = shared;
    this.metrics = shared.metrics();
    this.log = shared.log();
    this.maxControlBytes = config.maxStateBytes() + 4096;
  }

  void handle(HttpServerRequest req) {
    req.pause();
    if (!drains.admit()) {
      // Endpoint removal races the drain: the client retries and lands on a pod that is still serving.
      req.response().setStatusCode(503).putHeader("Retry-After", "1").end("draining\n");
      return;
    }
    long conn = ids.incrementAndGet();
    Context context = vertx.getOrCreateContext();
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
        req.response().setStatusCode(503).putHeader("Retry-After", "0")
            .end("a newer version of the app is ready on another pod\n");
        return;
      }
      restorer.take(token, binding, context, conn)
          .onComplete(ar -> connectUpstream(req, conn, context, offer, ar.result(), binding));
    });
  }

  private void connectUpstream(HttpServerRequest req, long conn, Context context, Subprotocols offer,
                               Restore restore, String binding) {
    MultiMap headers = ForwardedHeaders.forRequest(req, true);
    if (restore != null && restore.restored()) {
      headers.set("Handoff-Restored-From", Long.toString(restore.envelope().version()));
      String encoded = BASE64URL.encodeToString(restore.envelope().state().getBytes(StandardCharsets.UTF_8));
      if (encoded.length() <= config.stateHeaderBudget()) headers.set("Handoff-State", encoded);
    }
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setHost(config.upstream().getHost())
        .setPort(upstreamPort())
        .setURI(req.uri())
        .setHeaders(headers)
        .setSubProtocols(offer.app().isEmpty() ? null : offer.app());
    client.connect(options).onComplete(up -> {
      if (up.failed()) {
        drains.abandoned();
        refuse(req, conn, restore, up.cause());
        return;
      }
      WebSocket upstream = up.result();
      String chosen = upstream.subProtocol();
      // Browsers fail a handshake that offered protocols and got none back, so answer with ours then.
      String answer = chosen != null ? chosen : offer.optedIn() ? Subprotocols.PROTOCOL : null;
      if (answer != null) req.response().headers().set("Sec-WebSocket-Protocol", answer);
      req.toWebSocket().onComplete(accepted -> {
        if (accepted.failed()) {
          drains.abandoned();
          if (restore != null) restorer.putBack(restore, conn);
          upstream.close();
          return;
        }
        bridge(conn, context, offer.optedIn(), accepted.result(), upstream, restore, binding);
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

  private void bridge(long conn, Context context, boolean optedIn, ServerWebSocket socket, WebSocket upstream,
                      Restore restore, String binding) {
    metrics.connectionOpened(optedIn);
    Drainable drainable;
    ControlSink sink = null;
    if (optedIn) {
      HandoffSession session = new HandoffSession(shared, conn, context, socket, upstream, binding);
      drainable = session;
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
    } else {
      drainable = new PlainSocket(context, socket, upstream);
    }
    socket.exceptionHandler(err -> log.debug("client_socket_error", conn, "error", err.getClass().getSimpleName()));
    upstream.exceptionHandler(err -> log.debug("app_socket_error", conn, "error", err.getClass().getSimpleName()));
    socket.frameHandler(new FramePump(socket, upstream, sink, maxControlBytes));
    upstream.frameHandler(new FramePump(upstream, socket, null, 0));
    socket.closeHandler(v -> {
      if (!upstream.isClosed()) upstream.close();
      drains.closed(drainable);
      metrics.connectionClosed(optedIn);
      log.debug("socket_closed", conn, "code", socket.closeStatusCode());
    });
    upstream.closeHandler(v -> {
      if (!socket.isClosed()) CloseCodes.close(socket, code(upstream.closeStatusCode()), upstream.closeReason());
    });
    if (optedIn) greet(conn, socket, restore);
    // After hello: a socket that opens during a drain is asked for its state right away, and the client
    // must have its hello first.
    drains.opened(drainable);
  }

  private void greet(long conn, ServerWebSocket socket, Restore restore) {
    String frame;
    if (restore == null) {
      frame = SessionControl.hello(config.app(), config.version());
    } else if (restore.outcome() == RestoreOutcome.RESTORED) {
      frame = SessionControl.helloRestored(config.app(), config.version(), restore.envelope().version(),
          restore.envelope().state());
    } else if (restore.outcome() == RestoreOutcome.REFRESH) {
      frame = SessionControl.refresh("version");
    } else if (restore.outcome() == RestoreOutcome.STORE_ERROR) {
      frame = SessionControl.helloNotRestored(config.app(), config.version(), "unavailable");
    } else {
      frame = SessionControl.helloNotRestored(config.app(), config.version(), "expired");
    }
    socket.writeTextMessage(frame).onComplete(ar -> {
      if (restore == null) return;
      if (ar.succeeded()) restorer.settled(restore, conn);
      else restorer.putBack(restore, conn);
    });
  }

  private static int code(Short code) {
    return code == null ? 1005 : code;
  }

  private int upstreamPort() {
    int port = config.upstream().getPort();
    return port > 0 ? port : 80;
  }

  /** A socket that did not opt in: on drain it is closed with 1012 so the client reconnects elsewhere. */
  private static final class PlainSocket implements Drainable {
    private final Context context;
    private final ServerWebSocket socket;
    private final WebSocket upstream;

    PlainSocket(Context context, ServerWebSocket socket, WebSocket upstream) {
      this.context = context;
      this.socket = socket;
      this.upstream = upstream;
    }

    @Override
    public Future<SnapshotOutcome> drain() {
      io.vertx.core.Promise<SnapshotOutcome> done = io.vertx.core.Promise.promise();
      context.runOnContext(v -> {
        upstream.close((short) 1001, "handoff");
        socket.close(HandoffSession.SERVICE_RESTART, "service restart")
            .onComplete(ar -> done.complete(null));
      });
      return done.future();
    }

    @Override
    public void abort() {
      context.runOnContext(v -> socket.close());
    }
  }
}
