package dev.handoff.sidecar.proxy;

import dev.handoff.sidecar.config.SidecarConfig;
import dev.handoff.sidecar.handoff.DrainCoordinator;
import dev.handoff.sidecar.handoff.HandoffSession;
import dev.handoff.sidecar.handoff.ReconnectSteering;
import dev.handoff.sidecar.handoff.Restorer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;

/** The proxied port: handoff.js under its prefix, WebSocket upgrades, and every other request to the app. */
public final class ProxyServer {
  /** Frames up to this size pass; the app's own limits still apply behind us. */
  private static final int MAX_FRAME_BYTES = 16 << 20;

  private final Vertx vertx;
  private final SidecarConfig config;
  private final HttpForwarder http;
  private final WebSocketProxy webSockets;
  private final ClientAssets assets;
  private final HttpClient httpClient;
  private HttpServer server;

  public ProxyServer(Vertx vertx, SidecarConfig config, Restorer restorer, ReconnectSteering steering,
                     DrainCoordinator drains, HandoffSession.Shared shared) {
    this.vertx = vertx;
    this.config = config;
    String host = config.upstream().getHost();
    int port = config.upstream().getPort() > 0 ? config.upstream().getPort() : 80;
    this.httpClient = vertx.createHttpClient(
        new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setDecompressionSupported(false),
        new PoolOptions().setHttp1MaxSize(256));
    this.http = new HttpForwarder(httpClient, host, port, shared.metrics(), shared.log());
    this.webSockets = new WebSocketProxy(vertx, config, new AppSocketConnector(host, port, MAX_FRAME_BYTES),
        restorer, steering, drains, shared);
    this.assets = new ClientAssets(config.clientPath());
  }

  public Future<Integer> listen() {
    server = vertx.createHttpServer(new HttpServerOptions()
        .setPort(config.listenPort())
        .setTcpNoDelay(true)
        // The app speaks HTTP/1.1 behind us; an h2c upgrade would only hide whether a request has a body.
        .setHttp2ClearTextEnabled(false)
        .setMaxWebSocketFrameSize(MAX_FRAME_BYTES)
        .setMaxWebSocketMessageSize(MAX_FRAME_BYTES)
        // Frames are relayed as they come; compressing them here would cost a zlib state per socket and hide
        // the control messages' first byte.
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        // Every write happens on the connection's own event loop: no cross-thread write queue per connection.
        .setStrictThreadMode(true)
        .setHandle100ContinueAutomatically(false));
    return server.requestHandler(this::route).listen().map(HttpServer::actualPort);
  }

  private void route(HttpServerRequest req) {
    if (assets.owns(req.path())) {
      assets.serve(req);
    } else if (isUpgrade(req)) {
      webSockets.handle(req);
    } else {
      http.forward(req);
    }
  }

  private static boolean isUpgrade(HttpServerRequest req) {
    String upgrade = req.getHeader(HttpHeaders.UPGRADE);
    return upgrade != null && upgrade.equalsIgnoreCase("websocket") && req.method().name().equals("GET");
  }

  public Future<Void> close() {
    Future<Void> s = server == null ? Future.succeededFuture() : server.close();
    return Future.join(s, httpClient.close()).mapEmpty();
  }
}
