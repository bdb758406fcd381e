package dev.handoff.sidecar.proxy;

import dev.handoff.sidecar.config.SidecarConfig;
import dev.handoff.sidecar.handoff.DrainCoordinator;
import dev.handoff.sidecar.handoff.HandoffSession;
import dev.handoff.sidecar.handoff.ReconnectSteering;
import dev.handoff.sidecar.handoff.Restorer;
import dev.handoff.sidecar.metrics.HandoffMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.impl.VertxHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The proxied port: handoff.js under its prefix, WebSocket upgrades, and every other request to the
 * app. Vert.x accepts the connections and spreads them over the event loops; each one then runs on
 * a Netty pipeline of our own: a {@link FrontDoor} reading the bytes itself, which parses what
 * relaying needs (request line, the headers it rewrites, framing) and nothing more.
 */
public final class ProxyServer {
  /** Frames up to this size pass; the app's own limits still apply behind us. */
  private static final int MAX_FRAME_BYTES = 16 << 20;

  private final Vertx vertx;
  private final SidecarConfig config;
  private final FrontDoor.Routes routes;
  private final List<NetServer> servers = new CopyOnWriteArrayList<>();

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
    // The app's connections use the transport the event loops run (epoll or NIO).
    ChannelFactory<? extends Channel> channels =
        ((VertxInternal) vertx).transport().channelFactory(false);
    AppAddress app =
        new AppAddress(
            channels,
            config.upstream().getHost(),
            config.upstream().getPort() > 0 ? config.upstream().getPort() : 80);
    WebSocketProxy webSockets =
        new WebSocketProxy(
            vertx,
            config,
            new AppSocketConnector(app, MAX_FRAME_BYTES),
            restorer,
            steering,
            drains,
            shared,
            metrics);
    this.routes =
        new FrontDoor.Routes(
            new ClientAssets(config.clientPath()),
            webSockets,
            app,
            MAX_FRAME_BYTES,
            metrics,
            shared.log());
  }

  /**
   * Listens on {@link SidecarConfig#eventLoops()} event loops: one server per loop on the same
   * port, the connections spread among them; every socket then stays on the loop that accepted it.
   */
  public Future<Integer> listen() {
    NetServerOptions options =
        new NetServerOptions().setPort(config.listenPort()).setTcpNoDelay(true);
    return listenOnNewLoop(options)
        .compose(
            port -> {
              List<Future<Integer>> more = new ArrayList<>();
              for (int i = 1; i < config.eventLoops(); i++) {
                more.add(listenOnNewLoop(new NetServerOptions(options).setPort(port)));
              }
              return Future.all(more).map(port);
            });
  }

  private Future<Integer> listenOnNewLoop(NetServerOptions options) {
    ContextInternal loop = ((VertxInternal) vertx).createEventLoopContext();
    Promise<Integer> bound = loop.promise();
    loop.runOnContext(
        v -> {
          NetServer server = vertx.createNetServer(options);
          servers.add(server);
          server
              .connectHandler(socket -> adopt(loop, (NetSocketInternal) socket))
              .listen()
              .map(NetServer::actualPort)
              .onComplete(bound);
        });
    return bound.future();
  }

  /** Vert.x's socket handler (and the connection object behind it) leaves the pipeline. */
  private void adopt(ContextInternal loop, NetSocketInternal socket) {
    ChannelPipeline pipeline = socket.channelHandlerContext().pipeline();
    pipeline.replace(VertxHandler.class, "front", new FrontDoor(routes, loop));
  }

  public Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>();
    servers.forEach(s -> closing.add(s.close()));
    return Future.join(closing).mapEmpty();
  }
}
