package dev.handoff.sidecar.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * The sidecar's own answers (handoff.js's assets, refusals, 502s) as bytes: the client's pipeline
 * has no HTTP encoder, as relayed heads are written by {@link ForwardedHeaders}.
 */
final class AnswerBytes {
  private AnswerBytes() {}

  /** The status line and headers of {@code response}, ending with the empty line. */
  static ByteBuf head(HttpResponse response, ByteBufAllocator alloc) {
    ByteBuf out = alloc.ioBuffer(256);
    out.writeCharSequence(response.protocolVersion().text(), StandardCharsets.US_ASCII);
    out.writeByte(' ');
    out.writeCharSequence(response.status().codeAsText(), StandardCharsets.US_ASCII);
    out.writeByte(' ');
    out.writeCharSequence(response.status().reasonPhrase(), StandardCharsets.ISO_8859_1);
    out.writeByte('\r').writeByte('\n');
    Iterator<Map.Entry<CharSequence, CharSequence>> headers =
        response.headers().iteratorCharSequence();
    while (headers.hasNext()) {
      Map.Entry<CharSequence, CharSequence> header = headers.next();
      out.writeCharSequence(header.getKey(), StandardCharsets.ISO_8859_1);
      out.writeByte(':').writeByte(' ');
      out.writeCharSequence(header.getValue(), StandardCharsets.ISO_8859_1);
      out.writeByte('\r').writeByte('\n');
    }
    out.writeByte('\r').writeByte('\n');
    return out;
  }
}
