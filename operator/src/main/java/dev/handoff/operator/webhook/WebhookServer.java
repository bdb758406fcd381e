package dev.handoff.operator.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS endpoint the API server calls at {@code POST /mutate}. The JDK server with a small
 * worker pool fits: each review may block on one ReplicaSet read, and there are few of them.
 */
public final class WebhookServer implements AutoCloseable {

  public static final String PATH = "/mutate";

  /** The API server's own request limit is about 3 MiB; anything larger is not a real review. */
  static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);

  private final HttpsServer server;
  private final ExecutorService workers;

  private WebhookServer(HttpsServer server, ExecutorService workers) {
    this.server = server;
    this.workers = workers;
  }

  public static WebhookServer start(int port, SSLContext tls, AdmissionReviewHandler handler)
      throws IOException {
    HttpsServer server = HttpsServer.create(new InetSocketAddress(port), 64);
    server.setHttpsConfigurator(
        new HttpsConfigurator(tls) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters parameters = tls.getDefaultSSLParameters();
            parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            params.setSSLParameters(parameters);
          }
        });
    AtomicInteger threads = new AtomicInteger();
    ExecutorService workers =
        Executors.newFixedThreadPool(
            8,
            runnable -> {
              Thread thread = new Thread(runnable, "webhook-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(workers);
    server.createContext(PATH, exchange -> serve(exchange, handler));
    server.createContext(
        "/", exchange -> send(exchange, handler.error(404, "the webhook listens on " + PATH)));
    server.start();
    LOG.info("webhook listening on https://0.0.0.0:{}{}", server.getAddress().getPort(), PATH);
    return new WebhookServer(server, workers);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void serve(HttpExchange exchange, AdmissionReviewHandler handler)
      throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().add("Allow", "POST");
        send(exchange, handler.error(405, "use POST with an AdmissionReview"));
        return;
      }
      byte[] body = readLimited(exchange.getRequestBody());
      if (body == null) {
        send(exchange, handler.error(413, "the request body exceeds " + MAX_BODY_BYTES + " bytes"));
        return;
      }
      AdmissionReply reply = handler.handle(new String(body, StandardCharsets.UTF_8));
      send(exchange, reply);
    } catch (IOException | RuntimeException e) {
      LOG.warn("webhook exchange failed: {}", e.toString());
    }
  }

  private static byte[] readLimited(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    return body.length > MAX_BODY_BYTES ? null : body;
  }

  private static void send(HttpExchange exchange, AdmissionReply reply) throws IOException {
    int status = reply.status();
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(1);
    workers.shutdown();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
