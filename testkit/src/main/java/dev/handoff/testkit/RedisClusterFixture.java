package dev.handoff.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Redis Cluster of three primaries (no replicas), made with {@code redis-cli --cluster
 * create}.
 */
public final class RedisClusterFixture implements AutoCloseable {
  private final List<RedisServerFixture> nodes = new ArrayList<>();

  private RedisClusterFixture() {
    for (int i = 0; i < 3; i++) {
      nodes.add(
          RedisServerFixture.start("--cluster-enabled", "yes", "--cluster-node-timeout", "2000"));
    }
    List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
    nodes.forEach(n -> create.add("127.0.0.1:" + n.port()));
    create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    run(create);
    await("cluster state ok")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                nodes.stream()
                    .allMatch(n -> n.commands().clusterInfo().contains("cluster_state:ok")));
  }

  public static RedisClusterFixture start() {
    return new RedisClusterFixture();
  }

  /** One seed is enough: the client discovers the rest. */
  public String url() {
    return "redis-cluster://127.0.0.1:" + nodes.get(0).port();
  }

  public List<RedisServerFixture> nodes() {
    return nodes;
  }

  /** Moves {@code slots} hash slots from the first node to the second, as a resharding would. */
  public void reshard(int slots) {
    String from = nodes.get(0).commands().clusterMyId();
    String to = nodes.get(1).commands().clusterMyId();
    run(
        List.of(
            "redis-cli",
            "--cluster",
            "reshard",
            "127.0.0.1:" + nodes.get(0).port(),
            "--cluster-from",
            from,
            "--cluster-to",
            to,
            "--cluster-slots",
            Integer.toString(slots),
            "--cluster-yes"));
  }

  private static void run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0)
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    nodes.forEach(RedisServerFixture::close);
  }
}
