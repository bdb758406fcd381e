package dev.handoff.sidecar.proxy;

import dev.handoff.sidecar.log.EventLog;
import dev.handoff.sidecar.metrics.HandoffMetrics;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;

/**
 * Forwards plain HTTP to the app: method, path, query and headers as they came, bodies streamed
 * both ways with back-pressure (pipes pause the faster side), {@code X-Forwarded-*} added.
 */
final class HttpForwarder {
  private final HttpClient client;
  private final String host;
  private final int port;
  private final HandoffMetrics metrics;
  private final EventLog log;

  HttpForwarder(HttpClient client, String host, int port, HandoffMetrics metrics, EventLog log) {
    this.client = client;
    this.host = host;
    this.port = port;
    this.metrics = metrics;
    this.log = log;
  }

  void forward(HttpServerRequest req) {
    req.pause();
    MultiMap headers = ForwardedHeaders.forRequest(req, false);
    RequestOptions options =
        new RequestOptions()
            .setMethod(req.method())
            .setHost(host)
            .setPort(port)
            .setURI(req.uri())
            .setHeaders(headers);
    boolean hasBody =
        req.headers().contains("Content-Length") || req.headers().contains("Transfer-Encoding");
    client
        .request(options)
        .compose(
            upstream -> {
              if (req.authority() != null) upstream.authority(req.authority());
              if (!hasBody) {
                req.resume();
                return upstream.send();
              }
              if (!headers.contains("Content-Length")) upstream.setChunked(true);
              return upstream.send(req);
            })
        .onSuccess(resp -> relay(req, resp))
        .onFailure(err -> fail(req, err));
  }

  private void relay(HttpServerRequest req, HttpClientResponse resp) {
    HttpServerResponse out = req.response();
    out.setStatusCode(resp.statusCode()).setStatusMessage(resp.statusMessage());
    ForwardedHeaders.copyResponse(resp.headers(), out.headers());
    boolean bodiless =
        resp.statusCode() == 204 || resp.statusCode() == 304 || req.method().name().equals("HEAD");
    if (!bodiless
        && !resp.headers().contains("Content-Length")
        && req.version() != HttpVersion.HTTP_1_0) {
      out.setChunked(true);
    }
    resp.pipeTo(out)
        .onFailure(
            err -> {
              log.debug("http_response_aborted", 0, "error", err.getClass().getSimpleName());
              out.reset();
            });
  }

  private void fail(HttpServerRequest req, Throwable err) {
    metrics.upstreamError();
    log.warn(
        "upstream_unreachable", 0, "method", req.method(), "error", err.getClass().getSimpleName());
    HttpServerResponse out = req.response();
    if (out.headWritten()) {
      out.reset();
    } else {
      out.setStatusCode(502)
          .putHeader("Content-Type", "text/plain; charset=utf-8")
          .end("502 Bad Gateway: the app behind the handoff sidecar did not answer\n");
    }
    req.resume();
  }
}
