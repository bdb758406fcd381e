package dev.handoff.sidecar.proxy;

import dev.handoff.sidecar.config.SidecarConfig;
import dev.handoff.sidecar.handoff.DrainCoordinator;
import dev.handoff.sidecar.handoff.HandoffSession;
import dev.handoff.sidecar.handoff.ReconnectSteering;
import dev.handoff.sidecar.handoff.Restorer;
import dev.handoff.sidecar.metrics.HandoffMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxied port: handoff.js under its prefix, WebSocket upgrades, and every other request to the
 * app. Each event loop accepts connections on a listening socket of its own; each connection runs
 * on a Netty pipeline of ours: a {@link FrontDoor} reading the bytes itself, which parses what
 * relaying needs (request line, the headers it rewrites, framing) and nothing more.
 */
public final class ProxyServer {
  /** Frames up to this size pass; the app's own limits still apply behind us. */
  private static final int MAX_FRAME_BYTES = 16 << 20;

  private final SidecarConfig config;
  private final FrontDoor.Routes routes;

  /** Vert.x's own servers listened on every interface too. */
  private static final String ANY_HOST = "0.0.0.0";

  /** Connections the kernel may queue per loop before one accepts them. */
  private static final int BACKLOG = 1024;

  private final ChannelFactory<? extends ServerChannel> serverChannels;
  private final ChannelOption<Boolean> reusePort;
  private final ChannelGroup listening = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final ChannelGroup accepted = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final ProxyLoops loops;

  public ProxyServer(
      Vertx vertx,
      SidecarConfig config,
      ProxyLoops loops,
      Restorer restorer,
      ReconnectSteering steering,
      DrainCoordinator drains,
      HandoffSession.Shared shared,
      HandoffMetrics metrics) {
    this.config = config;
    this.loops = loops;
    // The app's connections use the transport the event loops run (epoll or NIO).
    ChannelFactory<? extends Channel> channels =
        ((VertxInternal) vertx).transport().channelFactory(false);
    this.serverChannels = ((VertxInternal) vertx).transport().serverChannelFactory(false);
    this.reusePort =
        vertx.isNativeTransportEnabled()
            ? EpollChannelOption.SO_REUSEPORT
            : NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT);
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
   * Listens on every one of its {@link ProxyLoops}: one listening socket per loop on the same port
   * ({@code SO_REUSEPORT}, as nginx's {@code reuseport}), so each loop accepts its own connections
   * and the kernel spreads them. A socket then stays on the loop that accepted it; no acceptor
   * thread hands it over (one thread wake-up per connection less than Vert.x's servers).
   */
  public Future<Integer> listen() {
    List<ContextInternal> contexts = loops.contexts();
    return listenOn(contexts.get(0), config.listenPort())
        .compose(
            port -> {
              List<Future<Integer>> more = new ArrayList<>();
              for (ContextInternal loop : contexts.subList(1, contexts.size())) {
                more.add(listenOn(loop, port));
              }
              return Future.all(more).map(port);
            });
  }

  private Future<Integer> listenOn(ContextInternal loop, int port) {
    Promise<Integer> bound = loop.promise();
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(loop.nettyEventLoop(), loop.nettyEventLoop())
            .channelFactory(serverChannels)
            .option(ChannelOption.SO_REUSEADDR, true)
            .option(ChannelOption.SO_BACKLOG, BACKLOG)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    accepted.add(ch);
                    ch.pipeline().addLast("front", new FrontDoor(routes, loop));
                  }
                });
    // One loop needs no sharing, and a port that is taken then fails to bind, as it always did.
    if (loops.contexts().size() > 1) bootstrap.option(reusePort, true);
    ChannelFuture bind = bootstrap.bind(new InetSocketAddress(ANY_HOST, port));
    bind.addListener(
        f -> {
          if (f.isSuccess()) {
            listening.add(bind.channel());
            bound.complete(((InetSocketAddress) bind.channel().localAddress()).getPort());
          } else {
            bound.fail(f.cause());
          }
        });
    return bound.future();
  }

  /** Stops listening and closes every connection still open, as Vert.x's servers did. */
  public Future<Void> close() {
    Promise<Void> closed = Promise.promise();
    listening.close().addListener(f -> accepted.close().addListener(g -> closed.tryComplete()));
    return closed.future();
  }
}
