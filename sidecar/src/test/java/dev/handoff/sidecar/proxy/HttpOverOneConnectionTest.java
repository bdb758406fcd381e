package dev.handoff.sidecar.proxy;

import static dev.handoff.testkit.RawHttp.get;
import static dev.handoff.testkit.RawHttp.line;
import static dev.handoff.testkit.RawHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.testkit.EmbeddedSidecar;
import dev.handoff.testkit.EmbeddedSidecarExtension;
import dev.handoff.testkit.RawHttp;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What an HTTP/1.1 connection to the proxied port keeps, byte for byte as a client sends them:
 * keep-alive, pipelining, HEAD, HTTP/1.0, the codec's own refusals, and upgrades the sidecar cannot
 * complete.
 */
@Tag("integration")
class HttpOverOneConnectionTest {
  @RegisterExtension
  static final EmbeddedSidecarExtension pod = new EmbeddedSidecarExtension("demo", 1);

  private record Response(String statusLine, Map<String, String> headers, String body) {
    int status() {
      return Integer.parseInt(statusLine.split(" ")[1]);
    }

    String uri() {
      return new JsonObject(body).getString("uri");
    }
  }

  private static Socket connect() throws IOException {
    return RawHttp.connect(pod.sidecar().port());
  }

  /** A GET of {@code path} on {@code socket} reaches the app, which answers 200 naming it. */
  private static void getsTheAppsAnswer(Socket socket, String path) throws IOException {
    send(socket, get(path));
    Response response = read(socket.getInputStream(), false);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.uri()).isEqualTo(path);
  }

  @Test
  void servesManyRequestsOnOneKeptConnection() throws IOException {
    try (Socket socket = connect()) {
      for (int i = 0; i < 3; i++) getsTheAppsAnswer(socket, "/n/" + i);
    }
  }

  @Test
  void answersPipelinedRequestsInOrder() throws IOException {
    try (Socket socket = connect()) {
      send(socket, get("/first") + get("/teapot") + get("/third"));
      InputStream in = socket.getInputStream();
      assertThat(read(in, false).uri()).isEqualTo("/first");
      Response second = read(in, false);
      assertThat(second.status()).isEqualTo(418);
      assertThat(second.uri()).isEqualTo("/teapot");
      assertThat(read(in, false).uri()).isEqualTo("/third");
    }
  }

  @Test
  void aHeadAnswerHasNoBodyAndTheConnectionGoesOn() throws IOException {
    try (Socket socket = connect()) {
      send(socket, "HEAD /h HTTP/1.1\r\nHost: shop.example\r\n\r\n" + get("/after"));
      InputStream in = socket.getInputStream();
      Response head = read(in, true);
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      assertThat(read(in, false).uri())
          .as("the next answer starts right after")
          .isEqualTo("/after");
    }
  }

  @Test
  void anHttp10RequestWithoutHostGetsTheAppsHostAndAnAnswerThatEndsWithTheConnection()
      throws IOException {
    try (Socket socket = connect()) {
      send(socket, "GET /old HTTP/1.0\r\n\r\n");
      Response response = read(socket.getInputStream(), false);
      assertThat(response.statusLine()).startsWith("HTTP/1.0 200");
      assertThat(new JsonObject(response.body()).getJsonObject("headers").getString("host"))
          .isEqualTo("127.0.0.1:" + pod.app().port());
      assertThat(socket.getInputStream().read()).as("closed after the answer").isEqualTo(-1);
    }
  }

  @Test
  void aChunkedAnswerReachesAnHttp10ClientUnchunked() throws IOException {
    try (Socket socket = connect()) {
      send(socket, "GET /stream?chunks=3 HTTP/1.0\r\n\r\n");
      Response response = read(socket.getInputStream(), false);
      assertThat(response.headers()).doesNotContainKey("transfer-encoding");
      assertThat(response.body()).isEqualTo("chunk-0\nchunk-1\nchunk-2\n");
    }
  }

  @Test
  void headersTooLargeAreRefusedWith431() throws IOException {
    try (Socket socket = connect()) {
      send(
          socket,
          "GET / HTTP/1.1\r\nHost: shop.example\r\nX-Big: " + "x".repeat(10_000) + "\r\n\r\n");
      Response response = read(socket.getInputStream(), false);
      assertThat(response.status()).isEqualTo(431);
      assertThat(response.headers()).containsEntry("connection", "close");
    }
  }

  @Test
  void anUpgradeInAVersionTheSidecarDoesNotSpeakIsRefusedBeforeTheAppHearsOfIt()
      throws IOException {
    int upgradesBefore = pod.app().upgrades().size();
    try (Socket socket = connect()) {
      send(
          socket,
          "GET /ws HTTP/1.1\r\nHost: shop.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 99\r\n\r\n"
              + get("/still-http"));
      InputStream in = socket.getInputStream();
      Response refused = read(in, false);
      assertThat(refused.status()).isEqualTo(426);
      assertThat(refused.headers()).containsEntry("sec-websocket-version", "13");
      assertThat(read(in, false).uri()).isEqualTo("/still-http");
    }
    assertThat(pod.app().upgrades()).hasSize(upgradesBefore);
  }

  @Test
  void anAppThatClosesAfterEachAnswerIsReachedAgainForTheNextRequestOnTheSameConnection()
      throws Exception {
    try (ClosingApp app = new ClosingApp(false);
        EmbeddedSidecar sidecar =
            EmbeddedSidecar.start(
                pod.vertx(), "demo", 1, "http://127.0.0.1:" + app.port(), null, c -> c);
        Socket socket = new Socket("127.0.0.1", sidecar.port())) {
      socket.setSoTimeout(10_000);
      InputStream in = socket.getInputStream();
      for (int i = 1; i <= 3; i++) {
        send(socket, get("/close"));
        Response response = read(in, false);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("connection " + i);
        assertThat(response.headers())
            .as("the client's connection stays")
            .doesNotContainKey("connection");
      }
      send(socket, get("/eof"));
      Response unframed = read(in, false);
      assertThat(unframed.headers()).containsEntry("transfer-encoding", "chunked");
      assertThat(unframed.body()).isEqualTo("until the end");
    }
  }

  @Test
  void everyLoopListensOnTheSamePortAndEveryConnectionIsServed() throws IOException {
    try (EmbeddedSidecar twoLoops =
        EmbeddedSidecar.start(
            pod.vertx(),
            "demo",
            1,
            "http://127.0.0.1:" + pod.app().port(),
            null,
            c -> c.toBuilder().eventLoops(2).build())) {
      // New connections, each to be accepted by whichever loop the kernel picks.
      for (int i = 0; i < 20; i++) {
        try (Socket socket = RawHttp.connect(twoLoops.port())) {
          getsTheAppsAnswer(socket, "/loop/" + i);
        }
      }
    }
  }

  @Test
  void aRequestThatCrossesTheAppClosingAnIdleConnectionIsSentAgainWhenItMayBe() throws Exception {
    try (ClosingApp app = new ClosingApp(true);
        EmbeddedSidecar sidecar =
            EmbeddedSidecar.start(
                pod.vertx(), "demo", 1, "http://127.0.0.1:" + app.port(), null, c -> c);
        Socket socket = new Socket("127.0.0.1", sidecar.port())) {
      socket.setSoTimeout(10_000);
      InputStream in = socket.getInputStream();
      send(socket, get("/first"));
      assertThat(read(in, false).body()).isEqualTo("connection 1");
      // The app takes the next request on that kept connection and closes it unanswered.
      send(socket, get("/again"));
      Response again = read(in, false);
      assertThat(again.status()).as("a GET goes once more, on a new connection").isEqualTo(200);
      assertThat(again.body()).isEqualTo("connection 2");

      send(socket, "POST /order HTTP/1.1\r\nHost: shop.example\r\nContent-Length: 2\r\n\r\n{}");
      assertThat(read(in, false).status()).as("a POST is never sent twice").isEqualTo(502);
    }
  }

  /**
   * An app that answers one request per connection: then it closes, saying {@code Connection:
   * close} (any path; for {@code /eof} with a body that ends with the connection), or, when {@code
   * dropsTheNext}, keeps the connection and closes it unanswered on the next request.
   */
  private static final class ClosingApp implements AutoCloseable {
    private final java.net.ServerSocket server = new java.net.ServerSocket(0);
    private final Thread acceptor = new Thread(this::serve, "closing-app");
    private final boolean dropsTheNext;
    private int connections;

    ClosingApp(boolean dropsTheNext) throws IOException {
      this.dropsTheNext = dropsTheNext;
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    private void serve() {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          connections++;
          String head = readHead(s.getInputStream());
          String body = "connection " + connections;
          String answer =
              head.startsWith("GET /eof")
                  ? "HTTP/1.0 200 OK\r\n\r\nuntil the end"
                  : "HTTP/1.1 200 OK\r\nContent-Length: "
                      + body.length()
                      + (dropsTheNext ? "" : "\r\nConnection: close")
                      + "\r\n\r\n"
                      + body;
          s.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
          s.getOutputStream().flush();
          if (dropsTheNext) readHead(s.getInputStream());
        } catch (IOException e) {
          // closed by the test, or by the client
        }
      }
    }

    private static String readHead(InputStream in) throws IOException {
      String head = line(in);
      for (String l = line(in); !l.isEmpty(); l = line(in)) {}
      return head;
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  /** One response: by its Content-Length, chunked, or to the end of the connection. */
  private static Response read(InputStream in, boolean head) throws IOException {
    String statusLine = line(in);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (head) {
      // no body, whatever the headers say
    } else if (headers.containsKey("content-length")) {
      body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      for (int size = Integer.parseInt(line(in), 16);
          size > 0;
          size = Integer.parseInt(line(in), 16)) {
        body.write(in.readNBytes(size));
        line(in);
      }
      line(in);
    } else {
      body.write(in.readAllBytes());
    }
    return new Response(statusLine, headers, body.toString(StandardCharsets.UTF_8));
  }
}
