package dev.handoff.sidecar.handoff;

import dev.handoff.contract.ControlFrames;
import java.nio.charset.StandardCharsets;

/**
 * Reads a control frame straight from the bytes the client sent, in one pass and without decoding
 * them into a {@code String} first: the JSON is checked, and {@code t}, {@code pageVersion} and the
 * state's byte range are found; only the state becomes a {@code String}, once.
 *
 * <p>It decides only the frames it can answer exactly as the String path ({@link
 * ControlFrameParser#parse(String)}, Jackson over the decoded text) would: plain, valid frames, as
 * every client sends them. Anything else (an error of any kind, invalid UTF-8, which the String
 * path decodes to U+FFFD, an escape in a name or in {@code t}, a number or a name long enough to
 * meet one of Jackson's limits, nesting near the depth limit) is left undecided ({@code null}), and
 * the String path reads it: so each error keeps its code and message, and each stored state its
 * bytes.
 */
final class ControlFrameBytes {
  private static final byte[] TYPE = ascii(ControlFrames.TYPE);
  private static final byte[] STATE_FIELD = ascii(ControlFrames.STATE_FIELD);
  private static final byte[] PAGE_VERSION = ascii(ControlFrames.PAGE_VERSION);
  private static final byte[] STATE = ascii(ControlFrames.STATE);
  private static final byte[] CHECKPOINT = ascii(ControlFrames.CHECKPOINT);

  /** A value that is not one: the frame is left to the String path. */
  private static final int UNDECIDED = -1;

  /**
   * Longer numbers are left to Jackson: its length limit, and {@code long} overflow of an integer.
   */
  private static final int MAX_NUMBER_CHARS = 18;

  /** Longer names are left to Jackson, whose name-length limit is far above any name of ours. */
  private static final int MAX_NAME_BYTES = 1024;

  private final int maxStateBytes;
  private final int maxFrameBytes;

  /** Deeper nesting is left to Jackson, which counts the frame's own object as depth 1. */
  private final int maxDepth;

  /**
   * @param maxFrameBytes the String path's own bound on the text after the U+0000
   */
  ControlFrameBytes(int maxStateBytes, int maxFrameBytes, int maxDepth) {
    this.maxStateBytes = maxStateBytes;
    this.maxFrameBytes = maxFrameBytes;
    this.maxDepth = maxDepth - 2;
  }

  /**
   * The frame in {@code utf8} (U+0000, then one JSON object), or null when the String path must
   * decide.
   */
  ControlFrame read(byte[] utf8) {
    byte[] b = utf8;
    // Bytes never fewer than chars: within this bound, so is the String path's char count.
    if (b.length == 0 || b[0] != ControlFrames.PREFIX || b.length - 1 > maxFrameBytes) return null;
    int i = skipSpace(b, 1);
    if (i >= b.length || b[i] != '{') return null;
    i = skipSpace(b, i + 1);
    // The last of each field wins, as in the String path's map.
    ControlFrame.Type type = null;
    int stateStart = UNDECIDED;
    int stateEnd = UNDECIDED;
    Long pageVersion = null;
    if (i < b.length && b[i] == '}') return null; // no fields: the String path's error
    while (true) {
      if (i >= b.length || b[i] != '"') return null;
      int nameStart = i + 1;
      int nameEnd = skipString(b, i) - 1;
      if (nameEnd < 0 || nameEnd - nameStart > MAX_NAME_BYTES || has(b, nameStart, nameEnd, '\\'))
        return null;
      i = skipSpace(b, nameEnd + 1);
      if (i >= b.length || b[i] != ':') return null;
      i = skipSpace(b, i + 1);
      if (i >= b.length) return null;
      int valueStart = i;
      i = skipValue(b, i, 1);
      if (i < 0) return null;
      byte first = b[valueStart];
      if (first == '"' && i - valueStart - 2 > maxStateBytes) return null; // Jackson's string limit
      if (equals(b, nameStart, nameEnd, TYPE)) {
        type = typeOf(b, valueStart, i);
      } else if (equals(b, nameStart, nameEnd, STATE_FIELD)) {
        stateStart = first == '{' ? valueStart : UNDECIDED;
        stateEnd = i;
      } else if (equals(b, nameStart, nameEnd, PAGE_VERSION)) {
        pageVersion = integer(b, valueStart, i);
      }
      i = skipSpace(b, i);
      if (i >= b.length) return null;
      if (b[i] == '}') break;
      if (b[i] != ',') return null;
      i = skipSpace(b, i + 1);
    }
    if (skipSpace(b, i + 1) != b.length) return null; // trailing content
    if (type == null || stateStart < 0) return null;
    int stateBytes = stateEnd - stateStart;
    if (stateBytes > maxStateBytes) return null;
    String state = new String(b, stateStart, stateBytes, StandardCharsets.UTF_8);
    return new ControlFrame(type, state, pageVersion, stateBytes);
  }

  /** {@code t}'s value, when it is one of the two types written plainly; else null. */
  private static ControlFrame.Type typeOf(byte[] b, int start, int end) {
    if (b[start] != '"') return null;
    if (equals(b, start + 1, end - 1, STATE)) return ControlFrame.Type.STATE;
    if (equals(b, start + 1, end - 1, CHECKPOINT)) return ControlFrame.Type.CHECKPOINT;
    return null;
  }

  /** An integer's value (the String path's {@code Long}); null for any other value. */
  private static Long integer(byte[] b, int start, int end) {
    boolean negative = b[start] == '-';
    long value = 0;
    for (int i = negative ? start + 1 : start; i < end; i++) {
      int digit = b[i] - '0';
      if (digit < 0 || digit > 9) return null; // a fraction or an exponent: a double, not a Long
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  }

  /**
   * The index after the value that starts at {@code i}, or {@link #UNDECIDED}; {@code depth} is the
   * nesting of the object that holds it. Nested objects and arrays are followed in a loop, one bit
   * per open level saying which of the two it is, not by recursion: a small method the JIT compiles
   * quickly, before or early in a pod's first drain.
   */
  private int skipValue(byte[] b, int i, int depth) {
    long arrays = 0; // bit k: the level opened k-th inside this value is an array
    int open = 0;
    while (true) {
      // At the start of a value.
      if (i >= b.length) return UNDECIDED;
      byte c = b[i];
      boolean closed = true;
      if (c == '{' || c == '[') {
        if (depth + open + 1 > maxDepth) return UNDECIDED;
        boolean array = c == '[';
        arrays = array ? arrays | (1L << open) : arrays & ~(1L << open);
        open++;
        i = skipSpace(b, i + 1);
        if (i < b.length && b[i] == (array ? ']' : '}')) {
          open--;
          i++;
        } else {
          closed = false;
          if (!array) i = member(b, i);
        }
      } else {
        i = skipScalar(b, i);
      }
      if (i < 0) return UNDECIDED;
      if (!closed) continue;
      // After a value: end the levels it ends, then on to the next one.
      while (true) {
        if (open == 0) return i;
        i = skipSpace(b, i);
        if (i >= b.length) return UNDECIDED;
        boolean array = (arrays & (1L << (open - 1))) != 0;
        if (b[i] == (array ? ']' : '}')) {
          open--;
          i++;
        } else if (b[i] == ',') {
          i = skipSpace(b, i + 1);
          if (!array) i = member(b, i);
          if (i < 0) return UNDECIDED;
          break;
        } else {
          return UNDECIDED;
        }
      }
    }
  }

  /** An object member's name and colon at {@code i}: the index of its value, or UNDECIDED. */
  private static int member(byte[] b, int i) {
    if (i >= b.length || b[i] != '"') return UNDECIDED;
    int nameEnd = skipString(b, i);
    if (nameEnd < 0 || nameEnd - i > MAX_NAME_BYTES) return UNDECIDED;
    i = skipSpace(b, nameEnd);
    if (i >= b.length || b[i] != ':') return UNDECIDED;
    return skipSpace(b, i + 1);
  }

  private static int skipScalar(byte[] b, int i) {
    return switch (b[i]) {
      case '"' -> skipString(b, i);
      case 't' -> skipLiteral(b, i, "true");
      case 'f' -> skipLiteral(b, i, "false");
      case 'n' -> skipLiteral(b, i, "null");
      default -> skipNumber(b, i);
    };
  }

  /**
   * The index after the closing quote of the string that opens at {@code i}: escapes as JSON has
   * them, no raw control characters, well-formed UTF-8 only (the String path would see U+FFFD).
   */
  private static int skipString(byte[] b, int i) {
    int n = b.length;
    i++;
    while (i < n) {
      byte plain = b[i];
      // Most of a state is plain ASCII text, passed with one short test per byte (bytes of 0x80 and
      // more are negative).
      if (plain >= 0x20 && plain != '"' && plain != '\\') {
        i++;
        continue;
      }
      int c = plain & 0xff;
      if (c == '"') return i + 1;
      if (c == '\\') {
        if (i + 1 >= n) return UNDECIDED;
        switch (b[i + 1]) {
          case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> i += 2;
          case 'u' -> {
            if (i + 6 > n) return UNDECIDED;
            for (int k = i + 2; k < i + 6; k++) if (Character.digit(b[k], 16) < 0) return UNDECIDED;
            i += 6;
          }
          default -> {
            return UNDECIDED;
          }
        }
      } else if (c < 0x20) {
        return UNDECIDED;
      } else {
        int length = Utf8.sequenceLength(b, i);
        if (length < 0) return UNDECIDED;
        i += length;
      }
    }
    return UNDECIDED;
  }

  /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, short enough for Jackson's limits. */
  private static int skipNumber(byte[] b, int i) {
    int start = i;
    int n = b.length;
    if (i < n && b[i] == '-') i++;
    if (i >= n || !digit(b[i])) return UNDECIDED;
    if (b[i] == '0') {
      i++;
      if (i < n && digit(b[i])) return UNDECIDED; // a leading zero
    } else {
      while (i < n && digit(b[i])) i++;
    }
    if (i < n && b[i] == '.') {
      i++;
      if (i >= n || !digit(b[i])) return UNDECIDED;
      while (i < n && digit(b[i])) i++;
    }
    if (i < n && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < n && (b[i] == '+' || b[i] == '-')) i++;
      if (i >= n || !digit(b[i])) return UNDECIDED;
      while (i < n && digit(b[i])) i++;
    }
    return i - start > MAX_NUMBER_CHARS ? UNDECIDED : i;
  }

  private static int skipLiteral(byte[] b, int i, String literal) {
    int n = literal.length();
    if (i + n > b.length) return UNDECIDED;
    for (int k = 0; k < n; k++) if (b[i + k] != literal.charAt(k)) return UNDECIDED;
    return i + n;
  }

  /** JSON's four whitespace bytes; anything else is for the grammar to accept or not. */
  private static int skipSpace(byte[] b, int i) {
    while (i < b.length) {
      byte c = b[i];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') break;
      i++;
    }
    return i;
  }

  private static boolean digit(byte c) {
    return c >= '0' && c <= '9';
  }

  private static boolean equals(byte[] b, int start, int end, byte[] word) {
    if (end - start != word.length) return false;
    for (int k = 0; k < word.length; k++) if (b[start + k] != word[k]) return false;
    return true;
  }

  private static boolean has(byte[] b, int start, int end, char c) {
    for (int k = start; k < end; k++) if (b[k] == c) return true;
    return false;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
