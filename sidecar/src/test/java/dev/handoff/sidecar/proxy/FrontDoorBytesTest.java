package dev.handoff.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The client's side of the proxied port on an EmbeddedChannel, bytes in and bytes out: requests the
 * sidecar answers itself (handoff.js's assets, its refusals), however the bytes are split.
 */
class FrontDoorBytesTest {
  private static final String ASSET = "GET /_handoff/handoff.js HTTP/1.1\r\nHost: a\r\n\r\n";
  private static final String MISSING = "GET /_handoff/nothing HTTP/1.1\r\nHost: a\r\n\r\n";

  private static EmbeddedChannel door() {
    FrontDoor.Routes routes =
        new FrontDoor.Routes(new ClientAssets("/_handoff/"), null, null, 1 << 20, null, null);
    return new EmbeddedChannel(new FrontDoor(routes, null));
  }

  private static ByteBuf bytes(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
  }

  private static String written(EmbeddedChannel channel) {
    StringBuilder out = new StringBuilder();
    for (ByteBuf b = channel.readOutbound(); b != null; b = channel.readOutbound()) {
      out.append(b.toString(StandardCharsets.ISO_8859_1));
      b.release();
    }
    return out.toString();
  }

  /** The status lines of what was written, in order. */
  private static String statuses(String written) {
    StringBuilder lines = new StringBuilder();
    Matcher m = STATUS_LINE.matcher(written);
    while (m.find()) lines.append(m.group(1)).append('\n');
    return lines.toString();
  }

  private static final Pattern STATUS_LINE =
      Pattern.compile("(HTTP/1\\.[01] [0-9]{3} [A-Za-z -]*)\r\n");

  @Test
  void answersPipelinedRequestsInOrderFromOneRead() {
    EmbeddedChannel channel = door();
    channel.writeInbound(bytes(MISSING + ASSET + MISSING));
    String out = written(channel);
    assertThat(statuses(out))
        .isEqualTo("HTTP/1.1 404 Not Found\nHTTP/1.1 200 OK\nHTTP/1.1 404 Not Found\n");
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void answersTheSameWhereverTheReadsSplitTheRequests() {
    EmbeddedChannel whole = door();
    String requests = "\r\n" + MISSING + ASSET;
    whole.writeInbound(bytes(requests));
    String expected = written(whole);
    for (int split = 1; split < requests.length(); split++) {
      EmbeddedChannel channel = door();
      channel.writeInbound(bytes(requests.substring(0, split)));
      channel.writeInbound(bytes(requests.substring(split)));
      assertThat(written(channel)).as("split at %d", split).isEqualTo(expected);
    }
  }

  @Test
  void skipsAChunkedBodyWithExtensionsAndTrailersToReachTheNextRequest() {
    String post =
        "POST /_handoff/nothing HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "4;ext=1\r\nbody\r\n0\r\nX-Trailer: t\r\n\r\n";
    String requests = post + ASSET;
    for (int split = 1; split < requests.length(); split++) {
      EmbeddedChannel channel = door();
      channel.writeInbound(bytes(requests.substring(0, split)));
      channel.writeInbound(bytes(requests.substring(split)));
      assertThat(statuses(written(channel)))
          .as("split at %d", split)
          .isEqualTo("HTTP/1.1 404 Not Found\nHTTP/1.1 200 OK\n");
    }
  }

  @Test
  void anHttp10RequestIsAnsweredInHttp10AndClosed() {
    EmbeddedChannel channel = door();
    channel.writeInbound(bytes("GET /_handoff/nothing HTTP/1.0\r\n\r\n"));
    String out = written(channel);
    assertThat(out).startsWith("HTTP/1.0 404 Not Found\r\n").doesNotContain("keep-alive");
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void anHttp10RequestAskingToStayIsKept() {
    EmbeddedChannel channel = door();
    channel.writeInbound(
        bytes("GET /_handoff/nothing HTTP/1.0\r\nConnection: keep-alive\r\n\r\n" + MISSING));
    String out = written(channel);
    assertThat(out).startsWith("HTTP/1.0 404 Not Found\r\n").contains("connection: keep-alive");
    assertThat(statuses(out)).isEqualTo("HTTP/1.0 404 Not Found\nHTTP/1.1 404 Not Found\n");
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void malformedHeadsGet400AndTheConnectionCloses() {
    for (String bad :
        new String[] {
          "GET / HTTP/1.1\r\nHost: a\r\n folded: no\r\n\r\n",
          "GET / HTTP/1.1\r\nHost : a\r\n\r\n",
          "GET /\r\n\r\n",
          "POST / HTTP/1.1\r\nContent-Length: 1, 2\r\n\r\n",
          "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
        }) {
      EmbeddedChannel channel = door();
      channel.writeInbound(bytes(bad + MISSING));
      String out = written(channel);
      assertThat(statuses(out)).as(bad).isEqualTo("HTTP/1.1 400 Bad Request\n");
      assertThat(out).contains("connection: close");
      assertThat(channel.isOpen()).as(bad).isFalse();
    }
  }

  @Test
  void aBrokenChunkGets400() {
    EmbeddedChannel channel = door();
    String post = "POST /_handoff/x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    channel.writeInbound(bytes(post));
    assertThat(statuses(written(channel)))
        .as("an asset is answered before its body is read")
        .isEqualTo("HTTP/1.1 404 Not Found\n");
    channel.writeInbound(bytes("4\r\nbodyXX\r\n" + MISSING));
    assertThat(written(channel)).as("the answer was out: the connection just closes").isEmpty();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aLongRequestLineGets414AndLargeHeaders431BeforeTheHeadEnds() {
    EmbeddedChannel line = door();
    line.writeInbound(bytes("GET /" + "a".repeat(5000)));
    assertThat(statuses(written(line))).isEqualTo("HTTP/1.1 414 Request-URI Too Long\n");
    assertThat(line.isOpen()).isFalse();

    EmbeddedChannel headers = door();
    headers.writeInbound(bytes("GET / HTTP/1.1\r\nX-Big: " + "x".repeat(10_000)));
    String out = written(headers);
    assertThat(statuses(out)).isEqualTo("HTTP/1.1 431 Request Header Fields Too Large\n");
    assertThat(out).contains("connection: close");
    assertThat(headers.isOpen()).isFalse();
  }

  @Test
  void aPipelinedRequestIsNotReadWhileTheOneBeforeItWaits() {
    EmbeddedChannel channel = door();
    channel.writeInbound(bytes(MISSING + MISSING.substring(0, 10)));
    assertThat(statuses(written(channel))).isEqualTo("HTTP/1.1 404 Not Found\n");
    assertThat(channel.config().isAutoRead()).as("a partial head: more is read").isTrue();
    channel.writeInbound(bytes(MISSING.substring(10)));
    assertThat(statuses(written(channel))).isEqualTo("HTTP/1.1 404 Not Found\n");
  }
}
