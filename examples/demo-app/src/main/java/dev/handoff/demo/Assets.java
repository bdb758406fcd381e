package dev.handoff.demo;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The page's script and a copy of handoff.js. With a sidecar in front, /_handoff/ is answered by
 * the sidecar and never reaches this app; the copy here is for the app running alone, which must
 * work unchanged with the library.
 */
final class Assets {
  private final Map<String, Buffer> files;

  private Assets(Map<String, Buffer> files) {
    this.files = files;
  }

  static Assets load() {
    return new Assets(
        Map.of(
            "/app.js", read("/demo-assets/app.js"),
            "/_handoff/handoff.js", read("/demo-assets/handoff.js")));
  }

  void serve(HttpServerRequest req) {
    Buffer body = files.get(req.path());
    if (body == null) {
      req.response()
          .setStatusCode(404)
          .putHeader("Content-Type", "text/plain; charset=utf-8")
          .end("not found\n");
      return;
    }
    req.response()
        .putHeader("Content-Type", "text/javascript; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .end(body);
  }

  private static Buffer read(String resource) {
    try (InputStream in = Assets.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing resource " + resource);
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
