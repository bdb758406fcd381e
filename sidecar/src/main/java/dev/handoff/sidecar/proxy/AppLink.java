package dev.handoff.sidecar.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A client connection's own connection to the app, opened on the client's event loop at its first
 * request and kept while both sides keep it alive: the app sees one connection per client
 * connection, as it would without the sidecar. Requests go out as {@link FrontDoor} hands them
 * over; the answer comes back to it piece by piece, flushed once per read burst.
 */
final class AppLink {
  private final FrontDoor front;
  private final Channel client;
  private final AppAddress address;
  private Channel channel;
  private boolean connected;
  private final List<Object> unsent = new ArrayList<>();

  /** An exchange is waiting for, or reading, the app's answer. */
  private boolean awaiting;

  private boolean interim;
  private boolean reusable;

  AppLink(FrontDoor front, Channel client, AppAddress address) {
    this.front = front;
    this.client = client;
    this.address = address;
  }

  /** The app's address as a {@code Host} header. */
  String authority() {
    return address.authority();
  }

  void send(io.netty.handler.codec.http.HttpRequest request) {
    if (channel == null) connect();
    awaiting = true;
    interim = false;
    reusable = true;
    write(request);
  }

  void sendBody(HttpContent content) {
    write(content);
  }

  private void write(Object msg) {
    if (connected) {
      channel.write(msg, channel.voidPromise());
      if (!channel.isWritable()) front.appWritable(false);
    } else {
      unsent.add(msg);
    }
  }

  void flush() {
    if (connected) channel.flush();
  }

  /** The client can take more (or not): the app's side reads on (or waits). */
  void clientWritable(boolean writable) {
    if (channel != null) channel.config().setAutoRead(writable);
  }

  void close() {
    releaseUnsent();
    if (channel != null) channel.close();
    channel = null;
    connected = false;
  }

  private void connect() {
    ChannelFuture connecting =
        address.connect(
            client.eventLoop(),
            pipeline -> {
              pipeline.addLast("http", new HttpClientCodec());
              pipeline.addLast("answer", new Answer());
            });
    channel = connecting.channel();
    Channel mine = channel;
    connecting.addListener(
        (ChannelFutureListener)
            f -> {
              if (channel != mine) return;
              if (!f.isSuccess()) {
                releaseUnsent();
                channel = null;
                if (awaiting) {
                  awaiting = false;
                  front.appFailed(f.cause());
                }
                return;
              }
              connected = true;
              for (Object msg : unsent) mine.write(msg, mine.voidPromise());
              unsent.clear();
              mine.flush();
            });
  }

  private void releaseUnsent() {
    unsent.forEach(ReferenceCountUtil::release);
    unsent.clear();
  }

  /** The app's side of the pipeline: its answer, and what its connection's end means. */
  private final class Answer extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (ctx.channel() != channel || !awaiting) {
        ReferenceCountUtil.release(msg);
        return;
      }
      if (msg instanceof HttpResponse response) {
        if (response.decoderResult().isFailure()) {
          ReferenceCountUtil.release(msg);
          fail(ctx, response.decoderResult().cause());
          return;
        }
        int code = response.status().code();
        interim = code >= 100 && code < 200 && code != 101;
        if (interim) {
          front.interim(response);
        } else {
          reusable = HttpUtil.isKeepAlive(response);
          front.responseHead(response);
        }
      }
      if (msg instanceof HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (interim) {
          content.release();
          if (last) interim = false;
          return;
        }
        if (last) awaiting = false;
        front.responseBody(content);
        if (!client.isWritable()) ctx.channel().config().setAutoRead(false);
        if (last && !reusable) {
          channel = null;
          connected = false;
          ctx.close();
        }
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      front.flushResponse();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      // The app took the body so far: the client's side may read again.
      front.appWritable(ctx.channel().isWritable());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (ctx.channel() != channel) return;
      channel = null;
      connected = false;
      releaseUnsent();
      if (awaiting) {
        awaiting = false;
        front.appFailed(new IOException("the app closed the connection before it answered"));
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      fail(ctx, cause);
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
      if (ctx.channel() == channel && awaiting) {
        awaiting = false;
        channel = null;
        connected = false;
        front.appFailed(cause);
      }
      ctx.close();
    }
  }
}
