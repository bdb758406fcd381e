package dev.handoff.sidecar.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.x request or response head, kept as the bytes it came in, with where its start line's
 * parts and each header's name and value lie. Nothing is decoded into strings or maps unless asked:
 * relaying a head reads a few names and copies the rest. Built by {@link #request} or {@link
 * #response}, which refuse what RFC 9112 calls malformed (null), obs-fold included.
 */
final class HttpHead {
  private final byte[] bytes;
  private final int minor;

  /** Every line ends with CR LF, as a head the sidecar passes on unchanged must. */
  private boolean crlf;

  /** Request: the method is [0, partEnd), the target [targetStart, targetEnd). */
  private int partEnd;

  private int targetStart;
  private int targetEnd;

  /** Response: the status code, and the status line from the space after the version to its end. */
  private int status;

  private int statusLineEnd;

  /**
   * Per header: name start, name end, value start, value end (value trimmed of OWS). Sized from the
   * head's line count: a relayed request makes two heads, and these arrays were most of the bytes
   * it allocated.
   */
  private final int[] fields;

  private int count;

  private HttpHead(byte[] bytes, int minor, int startLineEnd) {
    this.bytes = bytes;
    this.minor = minor;
    this.crlf = bytes[startLineEnd] == '\r';
    // Every header is a line of its own, between the start line and the empty line.
    this.fields = new int[4 * Math.max(0, count(bytes, (byte) '\n') - 2)];
  }

  /** A request head ({@code bytes} from the request line to the empty line), or null. */
  static HttpHead request(byte[] bytes) {
    int lineEnd = lineEnd(bytes, 0);
    if (lineEnd < 0) return null;
    int sp1 = indexOf(bytes, 0, lineEnd, (byte) ' ');
    int sp2 = sp1 < 0 ? -1 : indexOf(bytes, sp1 + 1, lineEnd, (byte) ' ');
    if (sp1 <= 0 || sp2 <= sp1 + 1 || !tokens(bytes, 0, sp1)) return null;
    for (int i = sp1 + 1; i < sp2; i++) if (!visible(bytes[i])) return null;
    int minor = minorVersion(bytes, sp2 + 1, lineEnd);
    if (minor < 0) return null;
    HttpHead head = new HttpHead(bytes, minor, lineEnd);
    head.partEnd = sp1;
    head.targetStart = sp1 + 1;
    head.targetEnd = sp2;
    return head.readFields(next(bytes, lineEnd)) ? head : null;
  }

  /** A response head ({@code bytes} from the status line to the empty line), or null. */
  static HttpHead response(byte[] bytes) {
    int lineEnd = lineEnd(bytes, 0);
    if (lineEnd < 12 || bytes[8] != ' ') return null;
    int minor = minorVersion(bytes, 0, 8);
    if (minor < 0) return null;
    int status = 0;
    for (int i = 9; i < 12; i++) {
      if (bytes[i] < '0' || bytes[i] > '9') return null;
      status = status * 10 + bytes[i] - '0';
    }
    if (lineEnd > 12 && bytes[12] != ' ') return null;
    for (int i = 12; i < lineEnd; i++) if (!fieldByte(bytes[i])) return null;
    HttpHead head = new HttpHead(bytes, minor, lineEnd);
    head.status = status;
    head.partEnd = 8;
    head.statusLineEnd = lineEnd;
    return head.readFields(next(bytes, lineEnd)) ? head : null;
  }

  /** Whether the head says HTTP/1.0 (any other HTTP/1.x is read as 1.1). */
  boolean http10() {
    return minor == 0;
  }

  /**
   * Whether these bytes could go to an HTTP/1.1 peer as they are: {@code HTTP/1.1} itself, and
   * every line ending in CR LF.
   */
  boolean canonical11() {
    return minor == 1 && crlf;
  }

  int status() {
    return status;
  }

  boolean methodIs(HttpMethod method) {
    AsciiString name = method.asciiName();
    if (name.length() != partEnd) return false;
    for (int i = 0; i < partEnd; i++) if (bytes[i] != name.byteAt(i)) return false;
    return true;
  }

  String method() {
    return new String(bytes, 0, partEnd, StandardCharsets.ISO_8859_1);
  }

  String target() {
    return new String(bytes, targetStart, targetEnd - targetStart, StandardCharsets.ISO_8859_1);
  }

  /** Whether the request target begins with {@code prefix} (an origin-form path's start). */
  boolean targetStartsWith(String prefix) {
    if (targetEnd - targetStart < prefix.length()) return false;
    for (int i = 0; i < prefix.length(); i++)
      if (bytes[targetStart + i] != prefix.charAt(i)) return false;
    return true;
  }

  /** Whether the target is in origin form ({@code /path?query}), as nearly every request's is. */
  boolean originForm() {
    return bytes[targetStart] == '/';
  }

  int count() {
    return count;
  }

  /** Whether header {@code i} is named {@code lowerCaseName} (compared ignoring case). */
  boolean is(int i, AsciiString lowerCaseName) {
    int start = fields[4 * i];
    int length = fields[4 * i + 1] - start;
    if (length != lowerCaseName.length()) return false;
    for (int k = 0; k < length; k++) {
      int b = bytes[start + k];
      if (b >= 'A' && b <= 'Z') b += 'a' - 'A';
      if (b != lowerCaseName.byteAt(k)) return false;
    }
    return true;
  }

  /** The first header named {@code lowerCaseName}, or -1. */
  int indexOf(AsciiString lowerCaseName) {
    for (int i = 0; i < count; i++) if (is(i, lowerCaseName)) return i;
    return -1;
  }

  boolean has(AsciiString lowerCaseName) {
    return indexOf(lowerCaseName) >= 0;
  }

  String name(int i) {
    return string(fields[4 * i], fields[4 * i + 1]);
  }

  String value(int i) {
    return string(fields[4 * i + 2], fields[4 * i + 3]);
  }

  /** The first value of {@code lowerCaseName}, or null. */
  String value(AsciiString lowerCaseName) {
    int i = indexOf(lowerCaseName);
    return i < 0 ? null : value(i);
  }

  /**
   * Whether any header named {@code lowerCaseName} lists {@code token} among its comma-separated
   * elements (ignoring case), as {@code Connection: keep-alive, Upgrade} does.
   */
  boolean lists(AsciiString lowerCaseName, AsciiString token) {
    for (int i = 0; i < count; i++) {
      if (!is(i, lowerCaseName)) continue;
      int start = fields[4 * i + 2];
      int end = fields[4 * i + 3];
      for (int from = start; from <= end; ) {
        int comma = indexOf(bytes, from, end, (byte) ',');
        int to = comma < 0 ? end : comma;
        if (equalsTrimmed(from, to, token)) return true;
        from = to + 1;
      }
    }
    return false;
  }

  /** The last comma-separated element of the last header named {@code lowerCaseName}, or null. */
  String lastElement(AsciiString lowerCaseName) {
    for (int i = count - 1; i >= 0; i--) {
      if (!is(i, lowerCaseName)) continue;
      int start = fields[4 * i + 2];
      int end = fields[4 * i + 3];
      int comma = lastIndexOf(bytes, start, end, (byte) ',');
      return string(comma < 0 ? start : comma + 1, end).trim();
    }
    return null;
  }

  /**
   * The {@code Content-Length}: -1 without one, -2 when it is not one number (several different
   * values, a sign, anything but digits), which RFC 9112 §6.3 makes a malformed message.
   */
  long contentLength() {
    long length = -1;
    for (int i = 0; i < count; i++) {
      if (!is(i, HttpHeaderNames.CONTENT_LENGTH)) continue;
      int start = fields[4 * i + 2];
      int end = fields[4 * i + 3];
      for (int from = start; from <= end; ) {
        int comma = indexOf(bytes, from, end, (byte) ',');
        int to = comma < 0 ? end : comma;
        long one = digits(from, to);
        if (one < 0 || (length >= 0 && one != length)) return -2;
        length = one;
        from = to + 1;
      }
    }
    return length;
  }

  /** Writes header {@code i} as {@code Name: value} CR LF. */
  void writeHeader(int i, ByteBuf out) {
    int nameStart = fields[4 * i];
    out.writeBytes(bytes, nameStart, fields[4 * i + 1] - nameStart);
    writeColonValue(i, out);
  }

  /** Writes header {@code i}'s value under another name, as {@code name: value} CR LF. */
  void writeHeaderAs(CharSequence name, int i, ByteBuf out) {
    out.writeCharSequence(name, StandardCharsets.ISO_8859_1);
    writeColonValue(i, out);
  }

  private void writeColonValue(int i, ByteBuf out) {
    int valueStart = fields[4 * i + 2];
    out.writeByte(':').writeByte(' ');
    out.writeBytes(bytes, valueStart, fields[4 * i + 3] - valueStart);
    out.writeByte('\r').writeByte('\n');
  }

  /** Writes the request line with HTTP/1.1 as its version. */
  void writeRequestLineAs11(ByteBuf out) {
    out.writeBytes(bytes, 0, targetEnd);
    out.writeCharSequence(" HTTP/1.1\r\n", StandardCharsets.US_ASCII);
  }

  /** Writes the status line with the client's version in place of the app's. */
  void writeStatusLine(boolean asHttp10, ByteBuf out) {
    out.writeCharSequence(asHttp10 ? "HTTP/1.0" : "HTTP/1.1", StandardCharsets.US_ASCII);
    out.writeBytes(bytes, partEnd, statusLineEnd - partEnd);
    out.writeByte('\r').writeByte('\n');
  }

  /** The head's size in bytes, a bound for what an edited copy needs. */
  int size() {
    return bytes.length;
  }

  /**
   * A Netty request with these headers: only for the rare requests that need one (WebSocket
   * upgrades, whose handshake Netty makes, and handoff.js's assets).
   */
  HttpRequest toNettyRequest() {
    HttpHeaders headers = new DefaultHttpHeaders();
    for (int i = 0; i < count; i++) headers.add(name(i), value(i));
    return new DefaultHttpRequest(
        http10() ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1,
        HttpMethod.valueOf(method()),
        target(),
        headers);
  }

  // ---- parsing ----------------------------------------------------------------------------

  private boolean readFields(int from) {
    while (true) {
      int lineEnd = lineEnd(bytes, from);
      if (lineEnd < 0) return false;
      if (bytes[lineEnd] != '\r') crlf = false;
      if (lineEnd == from) return true;
      // A line that starts with white space continues the one before (obs-fold): refused.
      int colon = indexOf(bytes, from, lineEnd, (byte) ':');
      if (colon <= from || !tokens(bytes, from, colon)) return false;
      int valueStart = colon + 1;
      int valueEnd = lineEnd;
      while (valueStart < valueEnd && ows(bytes[valueStart])) valueStart++;
      while (valueEnd > valueStart && ows(bytes[valueEnd - 1])) valueEnd--;
      for (int i = valueStart; i < valueEnd; i++) if (!fieldByte(bytes[i])) return false;
      // More header lines than the head's line count allows: no empty line ends it.
      if (4 * count + 4 > fields.length) return false;
      fields[4 * count] = from;
      fields[4 * count + 1] = colon;
      fields[4 * count + 2] = valueStart;
      fields[4 * count + 3] = valueEnd;
      count++;
      from = next(bytes, lineEnd);
    }
  }

  /** Where the line starting at {@code from} ends (its CR, or its LF), or -1 if it is malformed. */
  private static int lineEnd(byte[] bytes, int from) {
    int lf = indexOf(bytes, from, bytes.length, (byte) '\n');
    if (lf < 0) return -1;
    int end = lf > from && bytes[lf - 1] == '\r' ? lf - 1 : lf;
    // A CR anywhere else in a line is not a line ending: RFC 9112 §2.2 makes it malformed.
    return indexOf(bytes, from, end, (byte) '\r') < 0 ? end : -1;
  }

  /** The first byte after the line ending at {@code lineEnd}. */
  private static int next(byte[] bytes, int lineEnd) {
    return bytes[lineEnd] == '\r' ? lineEnd + 2 : lineEnd + 1;
  }

  /** {@code HTTP/1.x} in [from, to): x, or -1. */
  private static int minorVersion(byte[] bytes, int from, int to) {
    if (to - from != 8) return -1;
    for (int i = 0; i < 7; i++) if (bytes[from + i] != "HTTP/1.".charAt(i)) return -1;
    int minor = bytes[from + 7] - '0';
    return minor >= 0 && minor <= 9 ? minor : -1;
  }

  private long digits(int from, int to) {
    while (from < to && ows(bytes[from])) from++;
    while (to > from && ows(bytes[to - 1])) to--;
    if (to == from || to - from > 18) return -1;
    long value = 0;
    for (int i = from; i < to; i++) {
      if (bytes[i] < '0' || bytes[i] > '9') return -1;
      value = value * 10 + bytes[i] - '0';
    }
    return value;
  }

  private boolean equalsTrimmed(int from, int to, AsciiString token) {
    while (from < to && ows(bytes[from])) from++;
    while (to > from && ows(bytes[to - 1])) to--;
    if (to - from != token.length()) return false;
    for (int k = 0; k < to - from; k++) {
      int b = bytes[from + k];
      if (b >= 'A' && b <= 'Z') b += 'a' - 'A';
      if (b != token.byteAt(k)) return false;
    }
    return true;
  }

  private String string(int from, int to) {
    return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
  }

  private static int indexOf(byte[] bytes, int from, int to, byte b) {
    for (int i = from; i < to; i++) if (bytes[i] == b) return i;
    return -1;
  }

  private static int count(byte[] bytes, byte b) {
    int n = 0;
    for (byte each : bytes) if (each == b) n++;
    return n;
  }

  private static int lastIndexOf(byte[] bytes, int from, int to, byte b) {
    for (int i = to - 1; i >= from; i--) if (bytes[i] == b) return i;
    return -1;
  }

  /** RFC 9110 §5.6.2 tchar, at least one. */
  private static boolean tokens(byte[] bytes, int from, int to) {
    if (from >= to) return false;
    for (int i = from; i < to; i++) if (!tchar(bytes[i])) return false;
    return true;
  }

  static boolean tchar(int c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return switch (c) {
      case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~' -> true;
      default -> false;
    };
  }

  /** A request target's byte: anything visible (obs-text included), no space or control. */
  private static boolean visible(byte b) {
    return (b & 0xff) > 0x20 && b != 0x7f;
  }

  /** A field value's byte: visible, space, tab or obs-text; no other control character. */
  private static boolean fieldByte(byte b) {
    int c = b & 0xff;
    return c == '\t' || (c >= 0x20 && c != 0x7f);
  }

  private static boolean ows(byte b) {
    return b == ' ' || b == '\t';
  }
}
