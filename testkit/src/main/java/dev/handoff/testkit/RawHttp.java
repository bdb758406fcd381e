package dev.handoff.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.x written by hand on a plain socket, for tests of what a proxy does with the exact bytes
 * (pipelining, splits, malformed heads) that an HTTP client library would not send.
 */
public final class RawHttp {
  private RawHttp() {}

  /** A connection to 127.0.0.1 whose reads give up after 10 s. */
  public static Socket connect(int port) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** Writes {@code request} as it is (ISO-8859-1, as HTTP heads are). */
  public static void send(Socket socket, String request) throws IOException {
    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
  }

  /** One line of a head, without its CR LF; fails if the connection ends first. */
  public static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) throw new IOException("the connection ended mid-line: " + line);
      if (c != '\r') line.append((char) c);
    }
    return line.toString();
  }

  /** A bodiless HTTP/1.1 GET of {@code path}. */
  public static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: shop.example\r\n\r\n";
  }
}
