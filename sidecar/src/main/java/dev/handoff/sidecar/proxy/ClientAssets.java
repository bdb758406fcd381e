package dev.handoff.sidecar.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Serves handoff.js and its companions on the proxied port, under the configured prefix, from the
 * jar. Loaded once at start; revalidated by ETag so a new sidecar version is picked up within
 * minutes.
 */
final class ClientAssets {
  private record Asset(ByteBuf body, String type, String etag) {}

  private static final String[] FILES = {
    "handoff.js", "handoff.classic.js", "handoff.d.ts", "handoff-liveview.js"
  };

  private static final ByteBuf NOT_FOUND =
      Unpooled.unreleasableBuffer(
          Unpooled.wrappedBuffer("not found\n".getBytes(StandardCharsets.UTF_8)));

  private final String prefix;
  private final Map<String, Asset> assets = new HashMap<>();

  ClientAssets(String prefix) {
    this.prefix = prefix;
    for (String file : FILES) {
      try (InputStream in = ClientAssets.class.getResourceAsStream("/handoff-client/" + file)) {
        if (in == null) continue;
        byte[] bytes = in.readAllBytes();
        String type =
            file.endsWith(".ts")
                ? "application/typescript; charset=utf-8"
                : "text/javascript; charset=utf-8";
        // Shared by every answer: each gets its own view, and no release frees it.
        ByteBuf body = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(bytes));
        assets.put(prefix + file, new Asset(body, type, etag(bytes)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Where the assets are served, e.g. {@code /_handoff/}. */
  String prefix() {
    return prefix;
  }

  boolean owns(String path) {
    return path != null && path.startsWith(prefix);
  }

  /**
   * The answer to a request for {@code path}, which {@link #owns} this prefix; the caller adds the
   * connection's own headers.
   */
  FullHttpResponse answer(HttpMethod method, String path, HttpHeaders request) {
    Asset asset = assets.get(path);
    if (asset == null) {
      FullHttpResponse missing = response(HttpResponseStatus.NOT_FOUND, NOT_FOUND.duplicate());
      missing.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
      return missing;
    }
    boolean unchanged = asset.etag().equals(request.get(HttpHeaderNames.IF_NONE_MATCH));
    boolean head = HttpMethod.HEAD.equals(method);
    FullHttpResponse response =
        response(
            unchanged ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.OK,
            unchanged || head ? Unpooled.EMPTY_BUFFER : asset.body().duplicate());
    HttpHeaders headers = response.headers();
    headers
        .set(HttpHeaderNames.CACHE_CONTROL, "public, max-age=300")
        .set(HttpHeaderNames.ETAG, asset.etag())
        .set("X-Content-Type-Options", "nosniff");
    if (unchanged) {
      headers.remove(HttpHeaderNames.CONTENT_LENGTH);
      return response;
    }
    headers.set(HttpHeaderNames.CONTENT_TYPE, asset.type());
    headers.setInt(HttpHeaderNames.CONTENT_LENGTH, asset.body().readableBytes());
    return response;
  }

  private static FullHttpResponse response(HttpResponseStatus status, ByteBuf body) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    return response;
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
