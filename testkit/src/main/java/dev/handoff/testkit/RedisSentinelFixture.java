package dev.handoff.testkit;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One primary, one replica and three real {@code redis-sentinel} processes watching them (quorum 2,
 * half a second to declare the primary down), so a test can kill the primary and watch the
 * failover.
 */
public final class RedisSentinelFixture implements AutoCloseable {
  public static final String MASTER = "handoff";

  private final RedisServerFixture primary;
  private final RedisServerFixture replica;
  private final List<Process> sentinels = new ArrayList<>();
  private final List<Integer> sentinelPorts = new ArrayList<>();

  private RedisSentinelFixture() {
    primary = RedisServerFixture.start();
    replica =
        RedisServerFixture.start("--replicaof", "127.0.0.1", Integer.toString(primary.port()));
    await("replica in sync")
        .atMost(Duration.ofSeconds(30))
        .until(() -> primary.commands().info("replication").contains("connected_slaves:1"));
    try {
      Path dir = Files.createTempDirectory("handoff-sentinel-");
      for (int i = 0; i < 3; i++) {
        int port = FreePort.next();
        Path conf = dir.resolve("sentinel-" + port + ".conf");
        Files.writeString(
            conf,
            "port "
                + port
                + "\nbind 127.0.0.1\ndir "
                + dir
                + "\n"
                + "sentinel monitor "
                + MASTER
                + " 127.0.0.1 "
                + primary.port()
                + " 2\n"
                + "sentinel down-after-milliseconds "
                + MASTER
                + " 500\n"
                + "sentinel failover-timeout "
                + MASTER
                + " 3000\n"
                + "sentinel parallel-syncs "
                + MASTER
                + " 1\n");
        sentinels.add(
            new ProcessBuilder("/usr/bin/redis-sentinel", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sentinel-" + port + ".log").toFile())
                .start());
        sentinelPorts.add(port);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    await("sentinels see the replica")
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () ->
                sentinelPorts.stream()
                    .allMatch(
                        p -> sentinel(p, "SENTINEL replicas " + MASTER).contains("127.0.0.1")));
  }

  public static RedisSentinelFixture start() {
    if (!new java.io.File("/usr/bin/redis-sentinel").canExecute()) {
      throw new IllegalStateException("redis-sentinel is not installed: run scripts/test.sh");
    }
    return new RedisSentinelFixture();
  }

  /** {@code redis-sentinel://127.0.0.1:s1,127.0.0.1:s2,127.0.0.1:s3#handoff} */
  public String url() {
    StringBuilder b = new StringBuilder("redis-sentinel://");
    for (int i = 0; i < sentinelPorts.size(); i++) {
      if (i > 0) b.append(',');
      b.append("127.0.0.1:").append(sentinelPorts.get(i));
    }
    return b.append('#').append(MASTER).toString();
  }

  public RedisServerFixture primary() {
    return primary;
  }

  public RedisServerFixture replica() {
    return replica;
  }

  /** Kills the primary (SIGKILL) and waits until the sentinels have promoted the replica. */
  public void failOver() {
    primary.kill();
    await("failover to the replica")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () ->
                sentinel(sentinelPorts.get(0), "SENTINEL get-master-addr-by-name " + MASTER)
                    .contains(Integer.toString(replica.port())));
    await("replica is writable")
        .atMost(Duration.ofSeconds(30))
        .until(() -> replica.commands().info("replication").contains("role:master"));
  }

  private static String sentinel(int port, String command) {
    RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      String[] words = command.split(" ");
      Object reply =
          c.sync()
              .dispatch(
                  io.lettuce.core.protocol.CommandType.valueOf(words[0]),
                  new io.lettuce.core.output.NestedMultiOutput<>(
                      io.lettuce.core.codec.StringCodec.UTF8),
                  new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.StringCodec.UTF8)
                      .add(words[1])
                      .add(words[2]));
      return String.valueOf(reply);
    } finally {
      client.shutdown();
    }
  }

  @Override
  public void close() {
    sentinels.forEach(Process::destroyForcibly);
    replica.close();
    primary.close();
  }
}
