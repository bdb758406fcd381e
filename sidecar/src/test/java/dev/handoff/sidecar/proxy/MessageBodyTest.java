package dev.handoff.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageBodyTest {
  /** Chunks with extensions, a chunk with a bare LF, and trailers. */
  private static final String CHUNKED =
      "5;name=value\r\nhello\r\n"
          + "1\n \n"
          + "B ; quoted=\"a;b\"\r\nchunk-world\r\n"
          + "0;last\r\nTrailer-One: 1\r\nTrailer-Two: 2\r\n\r\n";

  private static ByteBuf bytes(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
  }

  private static HttpHead request(String head) {
    return HttpHead.request(head.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static HttpHead response(String head) {
    return HttpHead.response(head.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void findsTheEndOfChunksWithExtensionsAndTrailersWhateverTheSplits() {
    String message = CHUNKED + "GET /next HTTP/1.1\r\n\r\n";
    for (int a = 0; a <= CHUNKED.length(); a++) {
      for (int b = a; b <= message.length(); b += 7) {
        MessageBody body = MessageBody.chunked();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        MessageBody.Data spans =
            (in, index, length) -> {
              byte[] chunk = new byte[length];
              in.getBytes(index, chunk);
              data.writeBytes(chunk);
            };
        ByteBuf in = bytes(message);
        int end = 0;
        for (int[] piece : new int[][] {{0, a}, {a, b}, {b, message.length()}}) {
          if (body.complete()) break;
          end = body.scan(in, piece[0], piece[1], spans);
          assertThat(body.malformed()).isFalse();
        }
        assertThat(body.complete()).as("split at %d, %d", a, b).isTrue();
        assertThat(end).as("split at %d, %d", a, b).isEqualTo(CHUNKED.length());
        assertThat(data.toString(StandardCharsets.ISO_8859_1)).isEqualTo("hello chunk-world");
      }
    }
  }

  @Test
  void findsTheEndByteByByte() {
    MessageBody body = MessageBody.chunked();
    ByteBuf in = bytes(CHUNKED);
    for (int i = 0; i < CHUNKED.length(); i++) {
      assertThat(body.complete()).isFalse();
      assertThat(body.scan(in, i, i + 1, null)).isEqualTo(i + 1);
    }
    assertThat(body.complete()).isTrue();
  }

  @Test
  void refusesBrokenChunks() {
    for (String bad :
        new String[] {
          "x\r\n",
          "\r\n",
          ";ext\r\n",
          "5\r\nhelloX\r\n",
          "5\r\nhello\rX",
          "5\u0001\r\n",
          "FFFFFFFFFFFFFFFFFFFF\r\n",
          "0\r\n\rX"
        }) {
      MessageBody body = MessageBody.chunked();
      body.scan(bytes(bad), 0, bad.length(), null);
      assertThat(body.malformed()).as(bad).isTrue();
    }
  }

  @Test
  void refusesAnEndlessChunkLine() {
    MessageBody body = MessageBody.chunked();
    String line = "5;" + "e".repeat(5000);
    body.scan(bytes(line), 0, line.length(), null);
    assertThat(body.malformed()).isTrue();
  }

  @Test
  void aLengthEndsTheBodyAcrossReads() {
    MessageBody body =
        MessageBody.ofRequest(request("PUT / HTTP/1.1\r\nContent-Length: 10\r\n\r\n"));
    ByteBuf in = bytes("0123456789GET");
    assertThat(body.scan(in, 0, 4, null)).isEqualTo(4);
    assertThat(body.complete()).isFalse();
    assertThat(body.scan(in, 4, 13, null)).isEqualTo(10);
    assertThat(body.complete()).isTrue();
  }

  @Test
  void aRequestIsFramedByItsTransferEncodingThenItsLength() {
    assertThat(MessageBody.ofRequest(request("GET / HTTP/1.1\r\n\r\n")).complete()).isTrue();
    assertThat(
            MessageBody.ofRequest(request("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"))
                .complete())
        .isTrue();
    assertThat(
            MessageBody.ofRequest(
                    request(
                        "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"))
                .framing())
        .isEqualTo(MessageBody.Framing.CHUNKED);
    assertThat(
            MessageBody.ofRequest(
                    request("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n"))
                .framing())
        .isEqualTo(MessageBody.Framing.CHUNKED);
    assertThat(
            MessageBody.ofRequest(
                request("POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n")))
        .as("a request body must end chunked")
        .isNull();
    assertThat(MessageBody.ofRequest(request("POST / HTTP/1.1\r\nContent-Length: 1, 2\r\n\r\n")))
        .isNull();
  }

  @Test
  void someAnswersHaveNoBodyWhateverTheySay() {
    String withLength = " x\r\nContent-Length: 5\r\n\r\n";
    assertThat(MessageBody.ofResponse(response("HTTP/1.1 200" + withLength), true).complete())
        .as("to a HEAD")
        .isTrue();
    for (String status : new String[] {"100", "101", "204", "304"})
      assertThat(
              MessageBody.ofResponse(response("HTTP/1.1 " + status + withLength), false).complete())
          .as(status)
          .isTrue();
    assertThat(MessageBody.ofResponse(response("HTTP/1.1 200" + withLength), false).framing())
        .isEqualTo(MessageBody.Framing.LENGTH);
  }

  @Test
  void anAnswerWithoutALengthEndsWithTheConnection() {
    assertThat(MessageBody.ofResponse(response("HTTP/1.0 200 OK\r\n\r\n"), false).framing())
        .isEqualTo(MessageBody.Framing.UNTIL_CLOSE);
    assertThat(
            MessageBody.ofResponse(
                    response("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"), false)
                .framing())
        .isEqualTo(MessageBody.Framing.UNTIL_CLOSE);
    assertThat(
            MessageBody.ofResponse(
                    response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"), false)
                .framing())
        .isEqualTo(MessageBody.Framing.CHUNKED);
    assertThat(
            MessageBody.ofResponse(response("HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n"), false))
        .isNull();
  }
}
