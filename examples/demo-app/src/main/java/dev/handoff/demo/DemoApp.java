package dev.handoff.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * A small LiveView-like app: the page is rendered from server-side view state, and every (re)join
 * over {@code /live} mounts that state afresh and re-renders the view, replacing the form's
 * elements. It knows nothing of Handoff beyond reading the {@code Handoff-State} upgrade header and
 * the join params.
 */
public final class DemoApp {
  private final Vertx vertx;
  private final HttpServer server;
  private final long version;

  private DemoApp(Vertx vertx, HttpServer server, long version) {
    this.vertx = vertx;
    this.server = server;
    this.version = version;
  }

  /** Starts the app on {@code port} (0 = ephemeral) showing {@code version}. */
  public static Future<DemoApp> start(Vertx vertx, int port, long version) {
    DemoPage page = new DemoPage(version);
    Assets assets = Assets.load();
    HttpServer server = vertx.createHttpServer();
    server.requestHandler(req -> route(req, page, assets, version));
    return server.listen(port).map(s -> new DemoApp(vertx, s, version));
  }

  private static void route(HttpServerRequest req, DemoPage page, Assets assets, long version) {
    if ("/live".equals(req.path()) && "websocket".equalsIgnoreCase(req.getHeader("Upgrade"))) {
      ViewMount mount = ViewMount.fromUpgrade(req.headers());
      req.toWebSocket().onSuccess(ws -> new LiveSession(ws, mount, version).start());
      return;
    }
    if (!"GET".equals(req.method().name()) && !"HEAD".equals(req.method().name())) {
      req.response().setStatusCode(405).end();
      return;
    }
    if ("/".equals(req.path())) {
      req.response()
          .putHeader("Content-Type", "text/html; charset=utf-8")
          .putHeader("Cache-Control", "no-store")
          .end(page.html(new ViewState()));
      return;
    }
    assets.serve(req);
  }

  public int port() {
    return server.actualPort();
  }

  public long version() {
    return version;
  }

  public Future<Void> close() {
    return server.close();
  }

  /** Standalone: env PORT (8080) and APP_VERSION (1); exits 0 on SIGTERM. */
  public static void main(String[] args) throws InterruptedException {
    int port = Integer.parseInt(env("PORT", "8080"));
    long version = Long.parseLong(env("APP_VERSION", "1"));
    Vertx vertx = Vertx.vertx();
    CountDownLatch stop = new CountDownLatch(1);
    // A TERM is the normal end of a pod's life, not a failure: exit 0 once the server is closed.
    Signal.handle(new Signal("TERM"), sig -> stop.countDown());
    Signal.handle(new Signal("INT"), sig -> stop.countDown());
    DemoApp app = start(vertx, port, version).toCompletionStage().toCompletableFuture().join();
    System.out.println("demo app version " + version + " listening on " + app.port());
    stop.await();
    // Waited on from this thread, one after the other: a callback chained on the server's future
    // would be
    // scheduled on an event loop that vertx.close() has already shut down, and never run.
    app.close().toCompletionStage().toCompletableFuture().exceptionally(err -> null).join();
    vertx.close().toCompletionStage().toCompletableFuture().exceptionally(err -> null).join();
    System.exit(0);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }
}
