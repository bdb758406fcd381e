package dev.handoff.sidecar.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;

/**
 * Where one message's body ends (RFC 9112 §6.3), followed through its bytes as they pass without
 * decoding them: none, a {@code Content-Length}, chunks (their size lines, extensions and trailers
 * scanned, their data skipped), or everything until the connection closes.
 */
final class MessageBody {
  enum Framing {
    NONE,
    LENGTH,
    CHUNKED,
    UNTIL_CLOSE
  }

  /** Where chunked data may be reported when the chunks' framing must be taken off. */
  interface Data {
    void data(ByteBuf in, int index, int length);
  }

  /** A chunk-size line (size, extensions) and the trailer section may be this long. */
  private static final int MAX_CHUNK_LINE = 4096;

  private static final int MAX_TRAILERS = 8192;

  private enum Chunk {
    SIZE,
    LINE,
    DATA,
    DATA_CR,
    DATA_LF,
    TRAILER_START,
    TRAILER,
    TRAILER_END,
    DONE,
    MALFORMED
  }

  private final Framing framing;

  /** LENGTH: bytes still to come; CHUNKED: the current chunk's data still to come. */
  private long remaining;

  private Chunk chunk = Chunk.SIZE;
  private boolean sizeDigits;
  private int lineBytes;
  private int trailerBytes;

  private MessageBody(Framing framing, long length) {
    this.framing = framing;
    this.remaining = length;
  }

  /**
   * A request's body, or null when its framing is malformed: a {@code Transfer-Encoding} whose last
   * coding is not chunked, or a {@code Content-Length} that is not one number. A {@code
   * Transfer-Encoding} overrides a {@code Content-Length}.
   */
  static MessageBody ofRequest(HttpHead head) {
    String coding = head.lastElement(HttpHeaderNames.TRANSFER_ENCODING);
    if (coding != null)
      return HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(coding) ? chunked() : null;
    long length = head.contentLength();
    if (length == -2) return null;
    return length <= 0 ? none() : new MessageBody(Framing.LENGTH, length);
  }

  /**
   * A response's body, or null when its {@code Content-Length} is malformed. Answers to HEAD, 1xx,
   * 204 and 304 have none whatever they say; a transfer coding other than chunked, or no length at
   * all, runs until the app closes the connection.
   */
  static MessageBody ofResponse(HttpHead head, boolean toHead) {
    int status = head.status();
    if (toHead || status < 200 || status == 204 || status == 304) return none();
    String coding = head.lastElement(HttpHeaderNames.TRANSFER_ENCODING);
    if (coding != null)
      return HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(coding)
          ? chunked()
          : new MessageBody(Framing.UNTIL_CLOSE, 0);
    long length = head.contentLength();
    if (length == -2) return null;
    if (length < 0) return new MessageBody(Framing.UNTIL_CLOSE, 0);
    return length == 0 ? none() : new MessageBody(Framing.LENGTH, length);
  }

  /**
   * The bytes of {@code read} from its reader index up to {@code end}, to pass on: {@code read}
   * itself when that is all of it and nobody else holds it (the caller then lets go of it), else a
   * retained slice, with {@code read} moved past it.
   */
  static ByteBuf upTo(ByteBuf read, int end) {
    if (end == read.writerIndex() && read.refCnt() == 1) return read;
    ByteBuf part = read.retainedSlice(read.readerIndex(), end - read.readerIndex());
    read.readerIndex(end);
    return part;
  }

  static MessageBody none() {
    return new MessageBody(Framing.NONE, 0);
  }

  static MessageBody chunked() {
    return new MessageBody(Framing.CHUNKED, 0);
  }

  Framing framing() {
    return framing;
  }

  boolean complete() {
    return switch (framing) {
      case NONE -> true;
      case LENGTH -> remaining == 0;
      case CHUNKED -> chunk == Chunk.DONE;
      case UNTIL_CLOSE -> false;
    };
  }

  boolean malformed() {
    return chunk == Chunk.MALFORMED;
  }

  /**
   * Follows the body through {@code in}'s bytes [from, to) and returns where it stopped: at {@code
   * to}, or where the body ends (the next message's first byte). With {@code data}, each span of
   * chunk data is reported as it is passed; without, nothing is. Check {@link #malformed} after.
   */
  int scan(ByteBuf in, int from, int to, Data data) {
    return switch (framing) {
      case NONE -> from;
      case UNTIL_CLOSE -> to;
      case LENGTH -> {
        int n = (int) Math.min(remaining, to - from);
        remaining -= n;
        yield from + n;
      }
      case CHUNKED -> chunks(in, from, to, data);
    };
  }

  private int chunks(ByteBuf in, int from, int to, Data data) {
    int i = from;
    while (i < to && chunk != Chunk.DONE && chunk != Chunk.MALFORMED) {
      if (chunk == Chunk.DATA) {
        int n = (int) Math.min(remaining, to - i);
        if (data != null) data.data(in, i, n);
        remaining -= n;
        i += n;
        if (remaining == 0) chunk = Chunk.DATA_CR;
        continue;
      }
      step(in.getByte(i++));
    }
    return i;
  }

  /** One byte of a chunk's framing. */
  private void step(byte b) {
    switch (chunk) {
      case SIZE -> {
        int digit = Character.digit(b, 16);
        if (digit >= 0) {
          if (remaining > (Long.MAX_VALUE >> 8)) {
            chunk = Chunk.MALFORMED;
            return;
          }
          remaining = remaining * 16 + digit;
          sizeDigits = true;
          countLine();
        } else if (sizeDigits && (b == ';' || b == ' ' || b == '\t' || b == '\r' || b == '\n')) {
          chunk = Chunk.LINE;
          step(b);
        } else {
          chunk = Chunk.MALFORMED;
        }
      }
      case LINE -> {
        // Extensions pass as they came: only the line's end matters here.
        if (b == '\n') {
          lineBytes = 0;
          chunk = remaining == 0 ? Chunk.TRAILER_START : Chunk.DATA;
        } else if (b != '\r' && b != '\t' && (b < 0x20 || b == 0x7f)) {
          chunk = Chunk.MALFORMED;
        } else {
          countLine();
        }
      }
      case DATA_CR -> chunk = b == '\r' ? Chunk.DATA_LF : b == '\n' ? next() : Chunk.MALFORMED;
      case DATA_LF -> chunk = b == '\n' ? next() : Chunk.MALFORMED;
      case TRAILER_START -> {
        if (b == '\r') chunk = Chunk.TRAILER_END;
        else if (b == '\n') chunk = Chunk.DONE;
        else {
          chunk = Chunk.TRAILER;
          countTrailer();
        }
      }
      case TRAILER -> {
        if (b == '\n') chunk = Chunk.TRAILER_START;
        else countTrailer();
      }
      case TRAILER_END -> chunk = b == '\n' ? Chunk.DONE : Chunk.MALFORMED;
      default -> chunk = Chunk.MALFORMED;
    }
  }

  private Chunk next() {
    sizeDigits = false;
    return Chunk.SIZE;
  }

  private void countLine() {
    if (++lineBytes > MAX_CHUNK_LINE) chunk = Chunk.MALFORMED;
  }

  private void countTrailer() {
    if (++trailerBytes > MAX_TRAILERS) chunk = Chunk.MALFORMED;
  }
}
