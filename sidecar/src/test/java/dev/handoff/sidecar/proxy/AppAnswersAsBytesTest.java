package dev.handoff.sidecar.proxy;

import static dev.handoff.testkit.RawHttp.get;
import static dev.handoff.testkit.RawHttp.line;
import static dev.handoff.testkit.RawHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.testkit.EmbeddedSidecar;
import dev.handoff.testkit.EmbeddedSidecarExtension;
import dev.handoff.testkit.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An app whose answers are written byte by byte, as exact bytes: the sidecar follows their framing
 * (chunks with extensions and trailers, interim answers, bodiless statuses, a body that ends with
 * the connection) and relays them framed for each client.
 */
@Tag("integration")
class AppAnswersAsBytesTest {
  @RegisterExtension
  static final EmbeddedSidecarExtension pod = new EmbeddedSidecarExtension("demo", 1);

  private static final String CHUNKED_BODY =
      "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n";

  private static final String PLAIN =
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Spaced:  as  sent \r\n\r\nhello";

  private static final Map<String, String> ANSWERS =
      Map.of(
          "/chunked",
          "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-App: raw\r\n\r\n" + CHUNKED_BODY,
          "/continue",
          "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nX-After: interim\r\n\r\n",
          "/not-modified",
          "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\nETag: \"e\"\r\n\r\n",
          "/hop",
          "HTTP/1.1 200 OK\r\nConnection: X-Internal\r\nX-Internal: 1\r\nKeep-Alive: timeout=5\r\n"
              + "Content-Length: 2\r\n\r\nok",
          "/until-close",
          "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end",
          "/malformed",
          "HTTP/1.1 200 OK\r\nBad Header\r\n\r\n",
          "/plain",
          PLAIN);

  private static ServerSocket app;
  private static EmbeddedSidecar sidecar;

  @BeforeAll
  static void start() throws Exception {
    app = new ServerSocket(0);
    Thread acceptor = new Thread(AppAnswersAsBytesTest::serve, "byte-app");
    acceptor.setDaemon(true);
    acceptor.start();
    sidecar =
        EmbeddedSidecar.start(
            pod.vertx(), "demo", 1, "http://127.0.0.1:" + app.getLocalPort(), null, c -> c);
  }

  @AfterAll
  static void stop() throws Exception {
    sidecar.close();
    app.close();
  }

  private static void serve() {
    while (!app.isClosed()) {
      try {
        Socket s = app.accept();
        Thread t = new Thread(() -> answer(s), "byte-app-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Answers each request on the connection by its path, one byte per write. */
  private static void answer(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      s.setTcpNoDelay(true);
      while (true) {
        String requestLine = line(in);
        while (!line(in).isEmpty()) {}
        String answer = ANSWERS.get(requestLine.split(" ")[1]);
        for (byte b : answer.getBytes(StandardCharsets.ISO_8859_1)) {
          out.write(b);
          out.flush();
        }
        if (answer.contains("Connection: close")) return;
      }
    } catch (IOException | RuntimeException e) {
      // the sidecar closed the connection
    }
  }

  private static Socket connect() throws IOException {
    return RawHttp.connect(sidecar.port());
  }

  /** The head as it came, up to and with its empty line. */
  private static String head(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    for (String l = line(in); ; l = line(in)) {
      head.append(l).append('\n');
      if (l.isEmpty()) return head.toString();
    }
  }

  private static String bytes(InputStream in, int n) throws IOException {
    return new String(in.readNBytes(n), StandardCharsets.ISO_8859_1);
  }

  @Test
  void chunksPassAsTheAppSentThemExtensionsAndTrailersIncluded() throws IOException {
    try (Socket socket = connect()) {
      InputStream in = socket.getInputStream();
      for (int i = 0; i < 2; i++) {
        send(socket, get("/chunked"));
        String head = head(in);
        assertThat(head).startsWith("HTTP/1.1 200 OK\n").contains("X-App: raw\n");
        assertThat(head.toLowerCase()).contains("transfer-encoding: chunked\n");
        assertThat(bytes(in, CHUNKED_BODY.length())).isEqualTo(CHUNKED_BODY);
      }
    }
  }

  @Test
  void anHttp10ClientGetsTheChunksDataUntilTheConnectionEnds() throws IOException {
    try (Socket socket = connect()) {
      send(socket, "GET /chunked HTTP/1.0\r\n\r\n");
      InputStream in = socket.getInputStream();
      String head = head(in);
      assertThat(head).startsWith("HTTP/1.0 200 OK\n");
      assertThat(head.toLowerCase()).doesNotContain("transfer-encoding");
      assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1))
          .isEqualTo("hello world");
    }
  }

  @Test
  void anInterimAnswerPassesAndTheFinalOneFollows() throws IOException {
    try (Socket socket = connect()) {
      InputStream in = socket.getInputStream();
      send(socket, get("/continue"));
      assertThat(head(in)).isEqualTo("HTTP/1.1 100 Continue\n\n");
      assertThat(head(in)).startsWith("HTTP/1.1 204 No Content\n").contains("X-After: interim");
      send(socket, get("/hop"));
      assertThat(head(in)).startsWith("HTTP/1.1 200 OK\n");
      assertThat(bytes(in, 2)).isEqualTo("ok");
    }
  }

  @Test
  void aBodilessStatusHasNoBodyWhateverItsLength() throws IOException {
    try (Socket socket = connect()) {
      InputStream in = socket.getInputStream();
      send(socket, get("/not-modified") + get("/hop"));
      assertThat(head(in)).startsWith("HTTP/1.1 304 Not Modified\n").contains("ETag: \"e\"");
      assertThat(head(in)).as("the next answer right after").startsWith("HTTP/1.1 200 OK\n");
    }
  }

  @Test
  void hopByHopHeadersOfTheAnswerStayBehind() throws IOException {
    try (Socket socket = connect()) {
      InputStream in = socket.getInputStream();
      send(socket, get("/hop"));
      String head = head(in).toLowerCase();
      assertThat(head).doesNotContain("x-internal").doesNotContain("keep-alive");
      assertThat(head).doesNotContain("connection:").contains("content-length: 2\n");
      assertThat(bytes(in, 2)).isEqualTo("ok");
    }
  }

  @Test
  void aBodyThatEndsWithTheAppsConnectionIsChunkedForAnHttp11Client() throws IOException {
    try (Socket socket = connect()) {
      InputStream in = socket.getInputStream();
      send(socket, get("/until-close"));
      String head = head(in).toLowerCase();
      assertThat(head).contains("transfer-encoding: chunked\n").doesNotContain("connection:");
      StringBuilder body = new StringBuilder();
      for (int size = Integer.parseInt(line(in), 16);
          size > 0;
          size = Integer.parseInt(line(in), 16)) {
        body.append(bytes(in, size));
        line(in);
      }
      assertThat(line(in)).isEmpty();
      assertThat(body).hasToString("until the end");
      send(socket, get("/hop"));
      assertThat(head(in)).as("the client's connection stays").startsWith("HTTP/1.1 200 OK\n");
    }
  }

  @Test
  void anAnswerWithNothingToChangePassesByteForByte() throws IOException {
    try (Socket socket = connect()) {
      send(socket, get("/plain"));
      assertThat(bytes(socket.getInputStream(), PLAIN.length())).isEqualTo(PLAIN);
    }
  }

  @Test
  void aMalformedAnswerGets502() throws IOException {
    try (Socket socket = connect()) {
      send(socket, get("/malformed"));
      assertThat(head(socket.getInputStream())).startsWith("HTTP/1.1 502 Bad Gateway\n");
    }
  }
}
