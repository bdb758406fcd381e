package dev.handoff.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpHeadTest {
  private static HttpHead request(String head) {
    return HttpHead.request(head.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static HttpHead response(String head) {
    return HttpHead.response(head.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void readsTheRequestLineAndHeaders() {
    HttpHead head =
        request("POST /a%20b?x=1 HTTP/1.1\r\nHost: shop.example\r\nX-Pad: \t spaced \t\r\n\r\n");
    assertThat(head.methodIs(HttpMethod.POST)).isTrue();
    assertThat(head.methodIs(HttpMethod.GET)).isFalse();
    assertThat(head.target()).isEqualTo("/a%20b?x=1");
    assertThat(head.http10()).isFalse();
    assertThat(head.count()).isEqualTo(2);
    assertThat(head.value(HttpHeaderNames.HOST)).isEqualTo("shop.example");
    assertThat(head.value(1)).as("trimmed of white space").isEqualTo("spaced");
  }

  @Test
  void namesCompareIgnoringCase() {
    HttpHead head = request("GET / HTTP/1.0\r\nCONNECTION: Keep-Alive, X-Secret\r\n\r\n");
    assertThat(head.http10()).isTrue();
    assertThat(head.lists(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE)).isTrue();
    assertThat(head.lists(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)).isFalse();
  }

  @Test
  void aContentLengthIsOneNumber() {
    assertThat(request("PUT / HTTP/1.1\r\nContent-Length: 12\r\n\r\n").contentLength())
        .isEqualTo(12);
    assertThat(
            request("PUT / HTTP/1.1\r\nContent-Length: 5, 5\r\nContent-Length: 5\r\n\r\n")
                .contentLength())
        .isEqualTo(5);
    assertThat(request("PUT / HTTP/1.1\r\n\r\n").contentLength()).isEqualTo(-1);
    for (String bad : new String[] {"+5", "5, 6", "", "0x10", "1 2", "99999999999999999999"}) {
      assertThat(request("PUT / HTTP/1.1\r\nContent-Length: " + bad + "\r\n\r\n").contentLength())
          .as(bad)
          .isEqualTo(-2);
    }
  }

  @Test
  void aHeadWithoutItsEmptyLineIsMalformed() {
    assertThat(request("GET / HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n")).isNull();
    assertThat(request("GET / HTTP/1.1\r\nHost: a\r\n")).isNull();
    assertThat(response("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n")).isNull();
    HttpHead many = request("GET / HTTP/1.1\r\n" + "X-N: 1\r\n".repeat(40) + "\r\n");
    assertThat(many.count()).as("every header of a long head").isEqualTo(40);
  }

  @Test
  void refusesMalformedRequestHeads() {
    String[] bad = {
      "GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: a\r\n\tfolded\r\n\r\n",
      "GET / HTTP/1.1\r\nHost : a\r\n\r\n",
      "GET / HTTP/1.1\r\nNo colon\r\n\r\n",
      "GET / HTTP/1.1\r\n: empty name\r\n\r\n",
      "GET / HTTP/1.1\r\nX: a\rb\r\n\r\n",
      "GET / HTTP/1.1\r\nX: a\0b\r\n\r\n",
      "GET /\r\n\r\n",
      "GET / HTTP/2.0\r\n\r\n",
      "GET / http/1.1\r\n\r\n",
      "GET  / HTTP/1.1\r\n\r\n",
      "G(T / HTTP/1.1\r\n\r\n",
      " GET / HTTP/1.1\r\n\r\n",
    };
    for (String head : bad) assertThat(request(head)).as(head).isNull();
  }

  @Test
  void readsStatusLines() {
    HttpHead ok = response("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.contentLength()).isEqualTo(2);
    assertThat(response("HTTP/1.0 204\r\n\r\n").status()).isEqualTo(204);
    assertThat(response("HTTP/1.0 204\r\n\r\n").http10()).isTrue();
    assertThat(response("HTTP/1.1 20 OK\r\n\r\n")).isNull();
    assertThat(response("HTTP/1.1 200OK\r\n\r\n")).isNull();
    assertThat(response("HTTP/1.1 200 OK\r\n folded\r\n\r\n")).isNull();
  }

  @Test
  void aNettyRequestCarriesEveryHeader() {
    var netty =
        request("GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nX-A: 1\r\nX-A: 2\r\n\r\n")
            .toNettyRequest();
    assertThat(netty.method()).isEqualTo(HttpMethod.GET);
    assertThat(netty.uri()).isEqualTo("/ws");
    assertThat(netty.headers().getAll("x-a")).containsExactly("1", "2");
  }
}
