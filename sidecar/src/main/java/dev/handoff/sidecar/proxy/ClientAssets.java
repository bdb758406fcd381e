package dev.handoff.sidecar.proxy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
  private record Asset(Buffer body, String type, String etag) {}

  private static final String[] FILES = {
    "handoff.js", "handoff.classic.js", "handoff.d.ts", "handoff-liveview.js"
  };

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
        assets.put(prefix + file, new Asset(Buffer.buffer(bytes), type, etag(bytes)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  boolean owns(String path) {
    return path != null && path.startsWith(prefix);
  }

  void serve(HttpServerRequest req) {
    Asset asset = assets.get(req.path());
    var response = req.response();
    if (asset == null) {
      response
          .setStatusCode(404)
          .putHeader("Content-Type", "text/plain; charset=utf-8")
          .end("not found\n");
      return;
    }
    response
        .putHeader("Cache-Control", "public, max-age=300")
        .putHeader("ETag", asset.etag())
        .putHeader("X-Content-Type-Options", "nosniff");
    if (asset.etag().equals(req.getHeader("If-None-Match"))) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader("Content-Type", asset.type());
    if (req.method().name().equals("HEAD")) {
      response.putHeader("Content-Length", Integer.toString(asset.body().length())).end();
    } else {
      response.end(asset.body());
    }
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
