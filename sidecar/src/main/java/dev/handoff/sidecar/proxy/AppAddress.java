package dev.handoff.sidecar.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import java.util.function.Consumer;

/**
 * Where the app listens, and how the sidecar reaches it: on the transport its event loops run
 * (epoll or NIO), without Nagle's delay, giving up on a connect after 10 s.
 *
 * @param channels the channel type of the event loops' transport
 */
record AppAddress(ChannelFactory<? extends Channel> channels, String host, int port) {
  private static final int CONNECT_TIMEOUT_MS = 10_000;

  /** The host as a URI or {@code Host} header writes it (an IPv6 address in brackets). */
  String hostForUri() {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  /** The app's address as a {@code Host} header. */
  String authority() {
    return port == 80 ? hostForUri() : hostForUri() + ":" + port;
  }

  /** Opens a connection on {@code loop}, its pipeline made by {@code pipeline}. */
  ChannelFuture connect(EventLoop loop, Consumer<ChannelPipeline> pipeline) {
    return new Bootstrap()
        .group(loop)
        .channelFactory(channels)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
        .handler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                pipeline.accept(ch.pipeline());
              }
            })
        .connect(host, port);
  }
}
