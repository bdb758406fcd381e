package dev.handoff.sidecar.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A client connection's own connection to the app, opened on the client's event loop at its first
 * request and kept while both sides keep it alive: the app sees one connection per client
 * connection, as it would without the sidecar. Requests go out as bytes as {@link FrontDoor} hands
 * them over; the answer's head is found and parsed here, its body followed to its end ({@link
 * MessageBody}) and handed back piece by piece as it came, flushed once per read burst.
 */
final class AppLink {
  /** The app's status line and headers may be as large as a client's (Netty's defaults before). */
  private static final int MAX_STATUS_LINE = 4096;

  private static final int MAX_HEADER_BYTES = 8192;

  private final FrontDoor front;
  private final Channel client;
  private final AppAddress address;
  private String authority;
  private Channel channel;
  private boolean connected;
  private final List<ByteBuf> unsent = new ArrayList<>();

  /** An exchange is waiting for, or reading, the app's answer. */
  private boolean awaiting;

  private boolean toHead;
  private boolean reusable;

  /** Exchanges the current connection has finished: one that did is a kept-alive connection. */
  private int answered;

  /**
   * The request under way, while it may be sent again: bodiless and idempotent, on a kept-alive
   * connection, no answer begun. An app closes an idle connection whenever its keep-alive timeout
   * says (Node's is 5 s); a request that crossed that close goes once more, on a new connection.
   * Its head is then written again from the client's request: keeping a copy of every request's
   * head for that rare case was a tenth of what a relayed request allocated.
   */
  private boolean resendable;

  /** The answer as it is read: its head's bytes until they are whole, then its body. */
  private final HeadScanner scanner = new HeadScanner(MAX_STATUS_LINE, MAX_HEADER_BYTES);

  private ByteBuf pending;
  private MessageBody body;

  /** The client needs the data of the app's chunks only (an HTTP/1.0 client). */
  private boolean unchunk;

  /** Bytes of the answer's head, at the reader index, that pass on with the body's first bytes. */
  private int carried;

  AppLink(FrontDoor front, Channel client, AppAddress address) {
    this.front = front;
    this.client = client;
    this.address = address;
  }

  /** The app's address as a {@code Host} header, made once per connection. */
  String authority() {
    if (authority == null) authority = address.authority();
    return authority;
  }

  /**
   * Sends a request's head; its body, if any, follows through {@link #sendBody}.
   *
   * @param toHead whether it is a HEAD request (its answer has no body, whatever it says)
   * @param mayResend whether it is bodiless and idempotent, so that it may go once more
   */
  void send(ByteBuf head, boolean toHead, boolean mayResend) {
    boolean kept = channel != null && answered > 0;
    if (channel == null) connect();
    awaiting = true;
    reusable = true;
    this.toHead = toHead;
    forgetAnswer();
    releaseResendable();
    resendable = kept && mayResend;
    write(head);
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
    forgetAnswer();
    if (!awaiting) return;
    if (resendable) {
      resendable = false;
      connect();
      write(front.appHead());
      return;
    }
    awaiting = false;
    front.appFailed(cause);
  }

  /**
   * The request's body, as it comes. Dropped once the app's connection is gone after its answer (an
   * app may answer before it has read the body): it must not reach the next connection.
   */
  void sendBody(ByteBuf content) {
    if (channel == null) content.release();
    else write(content);
  }

  private void write(ByteBuf msg) {
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
    releaseResendable();
    forgetAnswer();
    if (channel != null) channel.close();
    channel = null;
    connected = false;
  }

  private void connect() {
    ChannelFuture connecting =
        address.connect(client.eventLoop(), pipeline -> pipeline.addLast("answer", new Answer()));
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
              for (ByteBuf msg : unsent) mine.write(msg, mine.voidPromise());
              unsent.clear();
              mine.flush();
            });
  }

  private void releaseUnsent() {
    unsent.forEach(ReferenceCountUtil::release);
    unsent.clear();
  }

  private void releaseResendable() {
    resendable = false;
  }

  /** Whatever was read of an answer goes; the next one starts with a head. */
  private void forgetAnswer() {
    if (pending != null) {
      pending.release();
      pending = null;
    }
    body = null;
    carried = 0;
    scanner.reset();
  }

  /** The app's side of the pipeline: its answer, and what its connection's end means. */
  private final class Answer extends ChannelInboundHandlerAdapter implements MessageBody.Data {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (ctx.channel() != channel || !awaiting || !(msg instanceof ByteBuf bytes)) {
        ReferenceCountUtil.release(msg);
        return;
      }
      pending =
          pending == null
              ? bytes
              : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), pending, bytes);
      while (pending != null && pending.isReadable() && awaiting && ctx.channel() == channel) {
        if (body == null) {
          if (!readHead(ctx)) break;
        } else {
          readBody(ctx);
        }
      }
      if (pending != null && !pending.isReadable()) {
        pending.release();
        pending = null;
      }
      if (!client.isWritable()) ctx.channel().config().setAutoRead(false);
    }

    /** Parses the answer's head once it is whole; false until it is (or when it is malformed). */
    private boolean readHead(ChannelHandlerContext ctx) {
      int length = scanner.scan(pending);
      if (length == HeadScanner.NEED_MORE) return false;
      if (length < 0) {
        fail(ctx, new TooLongFrameException("the app's answer head is too large"));
        return false;
      }
      byte[] bytes = new byte[length];
      pending.getBytes(pending.readerIndex(), bytes);
      HttpHead head = HttpHead.response(bytes);
      MessageBody framing = head == null ? null : MessageBody.ofResponse(head, toHead);
      if (framing == null) {
        fail(ctx, new CorruptedFrameException("the app's answer head is malformed"));
        return false;
      }
      // An answer has begun: the request is not sent again.
      releaseResendable();
      int code = head.status();
      if (code >= 100 && code < 200 && code != 101) {
        pending.skipBytes(length);
        front.interim(head);
        return true;
      }
      reusable =
          code != 101
              && framing.framing() != MessageBody.Framing.UNTIL_CLOSE
              && ForwardedHeaders.keepAlive(head);
      body = framing;
      FrontDoor.Relay relay = front.responseHead(head, framing);
      unchunk = relay == FrontDoor.Relay.CHUNK_DATA;
      // A head that passes as it came stays where it is, to go with the body (often one buffer).
      if (relay == FrontDoor.Relay.HEAD_AND_BODY) carried = length;
      else pending.skipBytes(length);
      if (carried == 0 && body.complete()) finish(ctx);
      return true;
    }

    private void readBody(ChannelHandlerContext ctx) {
      int from = pending.readerIndex();
      int to = pending.writerIndex();
      int end = body.scan(pending, from + carried, to, unchunk ? this : null);
      carried = 0;
      if (body.malformed()) {
        fail(ctx, new CorruptedFrameException("the app's chunked answer is malformed"));
        return;
      }
      if (!unchunk && end > from) {
        ByteBuf part = MessageBody.upTo(pending, end);
        if (part == pending) pending = null;
        front.responseBody(part);
      } else {
        pending.readerIndex(end);
      }
      if (body != null && body.complete()) finish(ctx);
    }

    @Override
    public void data(ByteBuf in, int index, int length) {
      if (length > 0) front.responseBody(in.retainedSlice(index, length));
    }

    /**
     * The answer is complete: what the app sent after it is dropped, its connection closed unless
     * it stays alive, and only then the client's side hears of it (it may send the next request).
     */
    private void finish(ChannelHandlerContext ctx) {
      awaiting = false;
      answered++;
      forgetAnswer();
      if (!reusable) {
        channel = null;
        connected = false;
        answered = 0;
        ctx.close();
      }
      front.responseEnd();
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
      if (awaiting && body != null && body.framing() == MessageBody.Framing.UNTIL_CLOSE) {
        // A body without a length ends with the connection.
        reusable = false;
        finish(ctx);
        front.flushResponse();
        return;
      }
      lost(new IOException("the app closed the connection before it answered"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      fail(ctx, cause);
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
      if (ctx.channel() == channel) {
        // A malformed answer is the app's: never sent again.
        if (!(cause instanceof IOException)) releaseResendable();
        lost(cause);
      }
      ctx.close();
    }
  }
}
