package dev.handoff.sidecar.proxy;

import io.netty.buffer.ByteBuf;

/**
 * Finds where an HTTP/1.1 head (a start line, header lines, an empty line) ends in bytes that may
 * arrive in pieces. It remembers how far it has looked, so a head split over many reads is searched
 * once, and refuses a start line or a header block over its limits as soon as it is over them,
 * without waiting for the rest. One scanner per connection side, {@link #reset} between heads.
 */
final class HeadScanner {
  /** {@link #scan}: the head's end has not arrived yet. */
  static final int NEED_MORE = -1;

  /** {@link #scan}: the start line is longer than allowed (414 for a request). */
  static final int START_LINE_TOO_LONG = -2;

  /** {@link #scan}: the header lines are larger than allowed (431 for a request). */
  static final int HEADERS_TOO_LARGE = -3;

  private final int maxStartLine;
  private final int maxHeaderBytes;

  /** Offsets from the head's first byte: where the current line starts, and how far was read. */
  private int lineStart;

  private int searched;

  /** The offset of the start line's LF, or -1 while it has not come. */
  private int startLineEnd = -1;

  HeadScanner(int maxStartLine, int maxHeaderBytes) {
    this.maxStartLine = maxStartLine;
    this.maxHeaderBytes = maxHeaderBytes;
  }

  /** Whether no byte of a head has been looked at yet (leading empty lines may be skipped). */
  boolean fresh() {
    return searched == 0;
  }

  /**
   * The length of the head starting at {@code in}'s reader index, its empty line included, or
   * {@link #NEED_MORE}, {@link #START_LINE_TOO_LONG} or {@link #HEADERS_TOO_LARGE}. Reads nothing
   * from {@code in}: the reader index must stay at the head's first byte between calls.
   */
  int scan(ByteBuf in) {
    int base = in.readerIndex();
    int end = in.writerIndex();
    while (true) {
      int from = base + searched;
      int lf = from < end ? in.indexOf(from, end, (byte) '\n') : -1;
      if (lf < 0) {
        searched = end - base;
        return overLimit(searched) ? tooLarge() : NEED_MORE;
      }
      int lineEnd = lf - base;
      int length = lineEnd - lineStart;
      if (length > 0 && in.getByte(lf - 1) == '\r') length--;
      if (startLineEnd < 0) {
        if (length > maxStartLine) return tooLarge();
        startLineEnd = lineEnd;
      } else if (length == 0) {
        int headLength = lineEnd + 1;
        boolean over = headLength - startLineEnd - 1 > maxHeaderBytes + 2;
        reset();
        return over ? HEADERS_TOO_LARGE : headLength;
      }
      lineStart = lineEnd + 1;
      searched = lineStart;
      if (overLimit(searched)) return tooLarge();
    }
  }

  /** Ready for the next head. */
  void reset() {
    lineStart = 0;
    searched = 0;
    startLineEnd = -1;
  }

  private boolean overLimit(int seen) {
    // The CR LF that ends a line is not counted against the limits.
    return startLineEnd < 0
        ? seen - lineStart > maxStartLine + 2
        : seen - startLineEnd - 1 > maxHeaderBytes + 2;
  }

  private int tooLarge() {
    int outcome = startLineEnd < 0 ? START_LINE_TOO_LONG : HEADERS_TOO_LARGE;
    reset();
    return outcome;
  }
}
