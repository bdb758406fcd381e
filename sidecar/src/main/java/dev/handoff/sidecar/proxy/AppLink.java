package dev.handoff.sidecar.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
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

  /** Exchanges the current connection has finished: one that did is a kept-alive connection. */
  private int answered;

  /**
   * The request under way, while it may be sent again: bodiless and idempotent, on a kept-alive
   * connection, no answer begun. An app closes an idle connection whenever its keep-alive timeout
   * says (Node's is 5 s); a request that crossed that close goes once more, on a new connection.
   */
  private HttpRequest resendable;

  AppLink(FrontDoor front, Channel client, AppAddress address) {
    this.front = front;
    this.client = client;
    this.address = address;
  }

  /** The app's address as a {@code Host} header. */
  String authority() {
    return address.authority();
  }

  void send(HttpRequest request) {
    boolean kept = channel != null && answered > 0;
    if (channel == null) connect();
    awaiting = true;
    interim = false;
    reusable = true;
    resendable = kept && idempotent(request.method()) && bodiless(request) ? request : null;
    write(request);
  }

  private static boolean idempotent(HttpMethod method) {
    return method.equals(HttpMethod.GET)
        || method.equals(HttpMethod.HEAD)
        || method.equals(HttpMethod.OPTIONS)
        || method.equals(HttpMethod.PUT)
        || method.equals(HttpMethod.DELETE)
        || method.equals(HttpMethod.TRACE);
  }

  private static boolean bodiless(HttpRequest request) {
    return !HttpUtil.isTransferEncodingChunked(request)
        && HttpUtil.getContentLength(request, 0L) == 0;
  }

  /**
   * The app's connection is gone with the request under way: sent once more on a new connection
   * when it may be, else the client hears of the failure.
   */
  private void lost(Throwable cause) {
    channel = null;
    connected = false;
    answered = 0;
    releaseUnsent();
    if (!awaiting) return;
    HttpRequest again = resendable;
    resendable = null;
    if (again != null) {
      connect();
      write(again);
      write(LastHttpContent.EMPTY_LAST_CONTENT);
      return;
    }
    awaiting = false;
    front.appFailed(cause);
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
        resendable = null;
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
        if (last) {
          awaiting = false;
          answered++;
        }
        front.responseBody(content);
        if (!client.isWritable()) ctx.channel().config().setAutoRead(false);
        if (last && !reusable) {
          channel = null;
          connected = false;
          answered = 0;
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
      lost(new IOException("the app closed the connection before it answered"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      fail(ctx, cause);
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
      if (ctx.channel() == channel) {
        // A malformed answer is the app's: never sent again.
        if (!(cause instanceof IOException)) resendable = null;
        lost(cause);
      }
      ctx.close();
    }
  }
}
