package dev.handoff.operator.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.handoff.operator.metrics.OperatorMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Plain HTTP {@code /healthz}, {@code /readyz} and {@code /metrics} for the kubelet and Prometheus.
 */
public final class HealthServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService worker;

  private HealthServer(HttpServer server, ExecutorService worker) {
    this.server = server;
    this.worker = worker;
  }

  public static HealthServer start(int port, Readiness readiness, OperatorMetrics metrics)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
    ExecutorService worker =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "health");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(worker);
    server.createContext("/healthz", exchange -> send(exchange, 200, "text/plain", "ok\n"));
    server.createContext(
        "/readyz",
        exchange -> {
          List<String> failing = readiness.failing();
          if (failing.isEmpty()) {
            send(exchange, 200, "text/plain", "ready\n");
          } else {
            send(exchange, 503, "text/plain", "not ready: " + String.join(", ", failing) + "\n");
          }
        });
    server.createContext(
        "/metrics",
        exchange ->
            send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
    server.start();
    return new HealthServer(server, worker);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    try (exchange) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    worker.shutdownNow();
  }
}
