package dev.handoff.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

  private static MultiMap headers(String... namesAndValues) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < namesAndValues.length; i += 2)
      m.add(namesAndValues[i], namesAndValues[i + 1]);
    return m;
  }

  private static MultiMap forward(MultiMap in, boolean webSocket) {
    return ForwardedHeaders.forRequest(in, "10.0.0.9", false, "shop.example:443", webSocket);
  }

  @Test
  void hopByHopHeadersStayBehind() {
    MultiMap out =
        forward(
            headers(
                "Connection",
                "keep-alive",
                "Keep-Alive",
                "timeout=5",
                "TE",
                "trailers",
                "Transfer-Encoding",
                "chunked",
                "Upgrade",
                "websocket",
                "Proxy-Authorization",
                "Basic x",
                "Accept",
                "*/*"),
            false);

    assertThat(out.names())
        .containsOnly("Accept", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host");
  }

  @Test
  void headersNamedInConnectionStayBehind() {
    MultiMap out =
        forward(headers("Connection", "close, X-Secret", "X-Secret", "1", "Accept", "*/*"), false);

    assertThat(out.contains("X-Secret")).isFalse();
    assertThat(out.get("Accept")).isEqualTo("*/*");
  }

  @Test
  void headersNamedInALaterConnectionHeaderStayBehindToo() {
    MultiMap out =
        forward(
            headers("Connection", "keep-alive", "Connection", "X-Secret", "X-Secret", "1"), false);

    assertThat(out.contains("X-Secret")).isFalse();
  }

  @Test
  void aClientCannotFakeARestore() {
    MultiMap out =
        forward(
            headers("handoff-restored-from", "3", "HANDOFF-STATE", "e30", "Cookie", "a=b"), true);

    assertThat(out.contains("Handoff-Restored-From")).isFalse();
    assertThat(out.contains("Handoff-State")).isFalse();
    assertThat(out.get("Cookie")).isEqualTo("a=b");
  }

  @Test
  void theWebSocketHandshakeIsMadeAnewUpstream() {
    MultiMap in =
        headers(
            "Sec-WebSocket-Key",
            "k",
            "Sec-WebSocket-Version",
            "13",
            "Sec-WebSocket-Protocol",
            "handoff.v1",
            "Sec-WebSocket-Extensions",
            "permessage-deflate",
            "Host",
            "shop.example",
            "Origin",
            "o");

    assertThat(forward(in, true).names())
        .containsOnly("Origin", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host");
    assertThat(forward(in, false).get("Host")).isEqualTo("shop.example");
  }

  @Test
  void thePeerIsAppendedToTheForwardedFor() {
    assertThat(forward(headers(), false).get("X-Forwarded-For")).isEqualTo("10.0.0.9");
    assertThat(forward(headers("X-Forwarded-For", "1.2.3.4"), false).get("X-Forwarded-For"))
        .isEqualTo("1.2.3.4, 10.0.0.9");
  }

  @Test
  void everyEarlierForwardedForHeaderIsKept() {
    MultiMap out =
        forward(headers("X-Forwarded-For", "1.1.1.1", "X-Forwarded-For", "2.2.2.2"), false);

    assertThat(out.getAll("X-Forwarded-For")).containsExactly("1.1.1.1, 2.2.2.2, 10.0.0.9");
  }

  @Test
  void noPeerAddressLeavesTheForwardedForAlone() {
    MultiMap out =
        ForwardedHeaders.forRequest(
            headers("X-Forwarded-For", "1.2.3.4"), null, false, null, false);

    assertThat(out.get("X-Forwarded-For")).isEqualTo("1.2.3.4");
    assertThat(out.contains("X-Forwarded-Host")).isFalse();
  }

  @Test
  void protoAndHostAreSetUnlessAnEarlierProxySetThem() {
    MultiMap own = ForwardedHeaders.forRequest(headers(), "10.0.0.9", true, "shop.example", false);
    assertThat(own.get("X-Forwarded-Proto")).isEqualTo("https");
    assertThat(own.get("X-Forwarded-Host")).isEqualTo("shop.example");

    MultiMap earlier =
        forward(headers("X-Forwarded-Proto", "https", "X-Forwarded-Host", "front.example"), false);
    assertThat(earlier.get("X-Forwarded-Proto")).isEqualTo("https");
    assertThat(earlier.get("X-Forwarded-Host")).isEqualTo("front.example");
  }

  @Test
  void aResponseLosesItsHopByHopHeaders() {
    MultiMap to = MultiMap.caseInsensitiveMultiMap();
    ForwardedHeaders.copyResponse(
        headers(
            "Connection",
            "X-Internal",
            "X-Internal",
            "1",
            "Transfer-Encoding",
            "chunked",
            "Set-Cookie",
            "a=1",
            "Set-Cookie",
            "b=2"),
        to);

    assertThat(to.names()).containsOnly("Set-Cookie");
    assertThat(to.getAll("Set-Cookie")).containsExactly("a=1", "b=2");
  }
}
