package dev.handoff.loadtest.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.handoff.testkit.VertxExtension;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real HAProxy of process mode (scripts/test.sh installs it) in front of a real HTTP server
 * that is slow to answer its readiness check, as a busy pod is: it must stay in rotation. With the
 * check's timeout left at its interval (100 ms), such a pod never came up, and busy new pods
 * dropped out during rolling deploys.
 */
@Tag("integration")
class HaproxyBalancerTest {
  /** Longer than the 100 ms check interval, far below the 1 s check timeout. */
  private static final long READYZ_DELAY_MILLIS = 150;

  @RegisterExtension final VertxExtension vertxExtension = new VertxExtension();

  @Test
  void aPodSlowerToAnswerReadyzThanTheCheckIntervalStaysInRotation(@TempDir Path dir)
      throws Exception {
    Vertx vertx = vertxExtension.vertx();
    AtomicInteger checks = new AtomicInteger();
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(
                req -> {
                  if (req.path().equals("/readyz")) {
                    checks.incrementAndGet();
                    vertx.setTimer(READYZ_DELAY_MILLIS, t -> req.response().end("ready\n"));
                  } else {
                    req.response().end("hello from the pod\n");
                  }
                })
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
    Pod pod = new SlowPod(server.actualPort());
    HaproxyBalancer balancer = HaproxyBalancer.start(dir, 100);
    try {
      balancer.add(pod); // returns once HAProxy has the pod UP; throws if it never comes up
      int seen = checks.get();
      await().atMost(Duration.ofSeconds(30)).until(() -> checks.get() >= seen + 10);
      assertThat(balancer.failedChecks(pod)).isZero();

      URI through = URI.create(balancer.url("/").toString().replace("ws://", "http://"));
      HttpResponse<String> res =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(through).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(res.statusCode()).isEqualTo(200);
      assertThat(res.body()).isEqualTo("hello from the pod\n");
    } finally {
      balancer.close();
    }
  }

  /** The pod's proxied and admin ports are the one slow server. */
  private record SlowPod(int port) implements Pod {
    @Override
    public String name() {
      return "slow-pod";
    }

    @Override
    public long version() {
      return 1;
    }

    @Override
    public int proxyPort() {
      return port;
    }

    @Override
    public int adminPort() {
      return port;
    }

    @Override
    public boolean ready() {
      return true;
    }

    @Override
    public PodStop stop() {
      throw new UnsupportedOperationException("not stopped in this test");
    }
  }
}
