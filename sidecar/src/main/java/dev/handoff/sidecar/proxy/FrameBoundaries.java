package dev.handoff.sidecar.proxy;

import io.netty.buffer.ByteBuf;

/**
 * Where WebSocket frames begin and end in a relayed byte stream, from their headers alone (RFC 6455
 * §5.2): a payload is skipped, never read, unmasked or copied. It tells the byte relay where a
 * frame of its own may go, whether a side sent its close frame, and when a frame is over the limit.
 */
final class FrameBoundaries {
  private static final int OPCODE_CLOSE = 0x8;

  private final long maxPayload;
  private final byte[] header = new byte[14];
  private int headerBytes;
  private long payloadLeft;
  private int closes;
  private boolean oversized;

  FrameBoundaries(long maxPayload) {
    this.maxPayload = maxPayload;
  }

  /** Between two frames: a whole frame may be put here. */
  boolean atBoundary() {
    return headerBytes == 0 && payloadLeft == 0;
  }

  /** How many close frames' headers went by. */
  int closes() {
    return closes;
  }

  /** A frame's header announced a payload over the limit. */
  boolean oversized() {
    return oversized;
  }

  /**
   * Follows the readable bytes of {@code buf}, all of them or up to the first frame boundary;
   * returns the index reached. The buffer's own indexes stay as they are.
   */
  int follow(ByteBuf buf, boolean stopAtBoundary) {
    int i = buf.readerIndex();
    int end = buf.writerIndex();
    while (i < end) {
      if (stopAtBoundary && atBoundary()) return i;
      if (payloadLeft > 0) {
        int skip = (int) Math.min(payloadLeft, end - i);
        i += skip;
        payloadLeft -= skip;
        continue;
      }
      header[headerBytes++] = buf.getByte(i++);
      if (headerBytes >= 2 && headerBytes == headerLength()) startPayload();
    }
    return i;
  }

  private int headerLength() {
    int length7 = header[1] & 0x7F;
    boolean masked = (header[1] & 0x80) != 0;
    return 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + (masked ? 4 : 0);
  }

  private void startPayload() {
    int length7 = header[1] & 0x7F;
    long length;
    if (length7 < 126) {
      length = length7;
    } else if (length7 == 126) {
      length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
    } else {
      length = 0;
      for (int k = 2; k < 10; k++) length = (length << 8) | (header[k] & 0xFF);
    }
    if ((header[0] & 0x0F) == OPCODE_CLOSE) closes++;
    // A negative 64-bit length is a protocol violation, and as much too large as one over the
    // limit.
    if (length < 0 || length > maxPayload) oversized = true;
    payloadLeft = Math.max(length, 0);
    headerBytes = 0;
  }
}
