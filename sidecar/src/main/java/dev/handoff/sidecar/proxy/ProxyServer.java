package dev.handoff.sidecar.proxy;

import dev.handoff.sidecar.config.SidecarConfig;
import dev.handoff.sidecar.handoff.DrainCoordinator;
import dev.handoff.sidecar.handoff.HandoffSession;
import dev.handoff.sidecar.handoff.ReconnectSteering;
import dev.handoff.sidecar.handoff.Restorer;
import dev.handoff.sidecar.metrics.HandoffMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The proxied port: handoff.js under its prefix, WebSocket upgrades, and every other request to the
 * app.
 */
public final class ProxyServer {
  /** Frames up to this size pass; the app's own limits still apply behind us. */
  private static final int MAX_FRAME_BYTES = 16 << 20;

  private final Vertx vertx;
  private final SidecarConfig config;
  private final HttpForwarder http;
  private final WebSocketProxy webSockets;
  private final ClientAssets assets;
  private final HttpClient httpClient;
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

  public ProxyServer(
      Vertx vertx,
      SidecarConfig config,
      Restorer restorer,
      ReconnectSteering steering,
      DrainCoordinator drains,
      HandoffSession.Shared shared,
      HandoffMetrics metrics) {
    this.vertx = vertx;
    this.config = config;
    String host = config.upstream().getHost();
    int port = config.upstream().getPort() > 0 ? config.upstream().getPort() : 80;
    this.httpClient =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setDecompressionSupported(false),
            new PoolOptions().setHttp1MaxSize(256));
    this.http = new HttpForwarder(httpClient, host, port, metrics, shared.log());
    this.webSockets =
        new WebSocketProxy(
            vertx,
            config,
            new AppSocketConnector(host, port, MAX_FRAME_BYTES),
            restorer,
            steering,
            drains,
            shared,
            metrics);
    this.assets = new ClientAssets(config.clientPath());
  }

  /**
   * Listens on {@link SidecarConfig#eventLoops()} event loops: one server per loop on the same
   * port, the connections spread among them; every socket then stays on the loop that accepted it.
   */
  public Future<Integer> listen() {
    HttpServerOptions options =
        new HttpServerOptions()
            .setPort(config.listenPort())
            .setTcpNoDelay(true)
            // The app speaks HTTP/1.1 behind us; an h2c upgrade would only hide whether a request
            // has a body.
            .setHttp2ClearTextEnabled(false)
            .setMaxWebSocketFrameSize(MAX_FRAME_BYTES)
            .setMaxWebSocketMessageSize(MAX_FRAME_BYTES)
            // Frames are relayed as they come; compressing them here would cost a zlib state per
            // socket and hide
            // the control messages' first byte.
            .setPerMessageWebSocketCompressionSupported(false)
            .setPerFrameWebSocketCompressionSupported(false)
            // Every write happens on the connection's own event loop: no cross-thread write queue
            // per connection.
            .setStrictThreadMode(true)
            .setHandle100ContinueAutomatically(false);
    return listenOnNewLoop(options)
        .compose(
            port -> {
              List<Future<Integer>> more = new ArrayList<>();
              for (int i = 1; i < config.eventLoops(); i++) {
                more.add(listenOnNewLoop(new HttpServerOptions(options).setPort(port)));
              }
              return Future.all(more).map(port);
            });
  }

  private Future<Integer> listenOnNewLoop(HttpServerOptions options) {
    ContextInternal loop = ((VertxInternal) vertx).createEventLoopContext();
    Promise<Integer> bound = loop.promise();
    loop.runOnContext(
        v -> {
          HttpServer server = vertx.createHttpServer(options);
          servers.add(server);
          server.requestHandler(this::route).listen().map(HttpServer::actualPort).onComplete(bound);
        });
    return bound.future();
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
    return upgrade != null
        && upgrade.equalsIgnoreCase("websocket")
        && req.method().name().equals("GET");
  }

  public Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>();
    servers.forEach(s -> closing.add(s.close()));
    closing.add(httpClient.close());
    return Future.join(closing).mapEmpty();
  }
}
