package dev.handoff.sidecar.admin;

import dev.handoff.sidecar.config.SidecarConfig;
import dev.handoff.sidecar.handoff.DrainCoordinator;
import dev.handoff.sidecar.handoff.DrainReport;
import dev.handoff.sidecar.metrics.HandoffMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;

/**
 * The admin port, a server of its own so nothing here is reachable through the proxied port: {@code
 * /healthz}, {@code /readyz}, {@code /metrics}, {@code POST /drain} and {@code GET /drain/wait}.
 */
public final class AdminServer {
  private static final Duration WAIT_MARGIN = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final SidecarConfig config;
  private final DrainCoordinator drains;
  private final HandoffMetrics metrics;
  private final DrainAccess access;
  private HttpServer server;

  public AdminServer(
      Vertx vertx, SidecarConfig config, DrainCoordinator drains, HandoffMetrics metrics) {
    this.vertx = vertx;
    this.config = config;
    this.drains = drains;
    this.metrics = metrics;
    this.access = new DrainAccess(config.adminToken());
  }

  public Future<Integer> listen() {
    server = vertx.createHttpServer(new HttpServerOptions().setPort(config.adminPort()));
    return server.requestHandler(this::route).listen().map(HttpServer::actualPort);
  }

  private void route(HttpServerRequest req) {
    HttpServerResponse res = req.response();
    String method = req.method().name();
    switch (req.path()) {
      case "/healthz" -> text(res, 200, "ok");
      case "/readyz" -> {
        if (drains.serving()) text(res, 200, "ready");
        else text(res, 503, drains.phase().name().toLowerCase());
      }
      case "/metrics" ->
          res.putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
              .end(metrics.scrape());
      case "/drain" -> {
        if (!method.equals("POST")) {
          res.putHeader("Allow", "POST");
          text(res, 405, "use POST /drain");
        } else {
          drain(req, res);
        }
      }
      case "/drain/wait" -> waitForDrain(res);
      default -> text(res, 404, "not found");
    }
  }

  /** For the app container's preStop hook: returns once a drain has started and finished. */
  private void waitForDrain(HttpServerResponse res) {
    long limit = config.drainTimeout().plus(WAIT_MARGIN).toMillis();
    long timer =
        vertx.setTimer(
            limit,
            t -> {
              if (!res.ended()) text(res, 504, "no drain finished within " + limit + " ms");
            });
    drains
        .finished()
        .onSuccess(
            report -> {
              vertx.cancelTimer(timer);
              if (!res.ended()) json(res, 200, report);
            });
  }

  private void drain(HttpServerRequest req, HttpServerResponse res) {
    String remote = req.remoteAddress() == null ? null : req.remoteAddress().hostAddress();
    switch (access.judge(remote, req.getHeader("Authorization"))) {
      case ALLOWED -> drains.drain().onSuccess(report -> json(res, 200, report));
      case TOKEN_REQUIRED -> {
        res.putHeader("WWW-Authenticate", "Bearer");
        text(
            res,
            401,
            "POST /drain needs the admin token: Authorization: Bearer <HANDOFF_ADMIN_TOKEN>");
      }
      case LOOPBACK_ONLY ->
          text(
              res,
              403,
              "POST /drain is accepted from loopback only (the pod's own preStop)"
                  + " while HANDOFF_ADMIN_TOKEN is not set; set it to drain from "
                  + remote);
    }
  }

  private static void text(HttpServerResponse res, int status, String body) {
    res.setStatusCode(status)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(body + "\n");
  }

  private static void json(HttpServerResponse res, int status, DrainReport report) {
    res.setStatusCode(status).putHeader("Content-Type", "application/json").end(report.toJson());
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
