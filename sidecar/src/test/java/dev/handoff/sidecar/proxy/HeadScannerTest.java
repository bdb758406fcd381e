package dev.handoff.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeadScannerTest {
  private static final String HEAD =
      "GET /a?b=c HTTP/1.1\r\nHost: shop.example\r\nAccept: */*\r\n\r\n";

  private static ByteBuf bytes(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
  }

  @Test
  void findsTheEndOfAWholeHead() {
    assertThat(new HeadScanner(4096, 8192).scan(bytes(HEAD + "rest"))).isEqualTo(HEAD.length());
  }

  @Test
  void findsItWhateverTheReadsItCameIn() {
    for (int split = 1; split < HEAD.length(); split++) {
      HeadScanner scanner = new HeadScanner(4096, 8192);
      ByteBuf in = Unpooled.buffer();
      in.writeBytes(bytes(HEAD.substring(0, split)));
      assertThat(scanner.scan(in)).as("after %d bytes", split).isEqualTo(HeadScanner.NEED_MORE);
      in.writeBytes(bytes(HEAD.substring(split)));
      assertThat(scanner.scan(in)).as("split at %d", split).isEqualTo(HEAD.length());
    }
  }

  @Test
  void findsItByteByByte() {
    HeadScanner scanner = new HeadScanner(4096, 8192);
    ByteBuf in = Unpooled.buffer();
    for (int i = 0; i < HEAD.length() - 1; i++) {
      in.writeByte(HEAD.charAt(i));
      assertThat(scanner.scan(in)).isEqualTo(HeadScanner.NEED_MORE);
    }
    in.writeByte('\n');
    assertThat(scanner.scan(in)).isEqualTo(HEAD.length());
  }

  @Test
  void readsBareLineFeedsAsLineEnds() {
    String head = "GET / HTTP/1.1\nHost: a\n\n";
    assertThat(new HeadScanner(4096, 8192).scan(bytes(head))).isEqualTo(head.length());
  }

  @Test
  void findsPipelinedHeadsOneAfterTheOther() {
    HeadScanner scanner = new HeadScanner(4096, 8192);
    ByteBuf in = bytes(HEAD + HEAD);
    assertThat(scanner.scan(in)).isEqualTo(HEAD.length());
    in.skipBytes(HEAD.length());
    assertThat(scanner.scan(in)).isEqualTo(HEAD.length());
  }

  @Test
  void refusesALongStartLineBeforeItEnds() {
    HeadScanner scanner = new HeadScanner(4096, 8192);
    assertThat(scanner.scan(bytes("GET /" + "a".repeat(4000)))).isEqualTo(HeadScanner.NEED_MORE);
    assertThat(new HeadScanner(4096, 8192).scan(bytes("GET /" + "a".repeat(5000))))
        .isEqualTo(HeadScanner.START_LINE_TOO_LONG);
    assertThat(
            new HeadScanner(4096, 8192).scan(bytes("GET /" + "a".repeat(5000) + " HTTP/1.1\r\n")))
        .isEqualTo(HeadScanner.START_LINE_TOO_LONG);
  }

  @Test
  void takesAStartLineOfExactlyTheLimit() {
    String line = "GET /" + "a".repeat(4096 - 14) + " HTTP/1.1";
    assertThat(line).hasSize(4096);
    String head = line + "\r\n\r\n";
    assertThat(new HeadScanner(4096, 8192).scan(bytes(head))).isEqualTo(head.length());
  }

  @Test
  void refusesLargeHeadersBeforeTheyEndAndWhenTheyCameWhole() {
    String start = "GET / HTTP/1.1\r\nX-Big: ";
    assertThat(new HeadScanner(4096, 8192).scan(bytes(start + "x".repeat(9000))))
        .isEqualTo(HeadScanner.HEADERS_TOO_LARGE);
    assertThat(new HeadScanner(4096, 8192).scan(bytes(start + "x".repeat(9000) + "\r\n\r\n")))
        .isEqualTo(HeadScanner.HEADERS_TOO_LARGE);
    assertThat(new HeadScanner(4096, 8192).scan(bytes(start + "x".repeat(8000) + "\r\n\r\n")))
        .isPositive();
  }
}
