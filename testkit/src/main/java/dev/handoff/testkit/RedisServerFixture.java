package dev.handoff.testkit;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} on a free loopback port, without persistence unless asked, for one
 * test class. {@code scripts/test.sh} installs Debian's package when it is missing.
 */
public final class RedisServerFixture implements AutoCloseable {
  private final int port;
  private final Path dir;
  private final List<String> extraArgs;
  private final TlsMaterial tls;
  private Process process;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;

  private RedisServerFixture(List<String> extraArgs, TlsMaterial tls) {
    this.port = FreePort.next();
    this.extraArgs = extraArgs;
    this.tls = tls;
    try {
      this.dir = Files.createTempDirectory("handoff-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static RedisServerFixture start(String... extraArgs) {
    RedisServerFixture redis = new RedisServerFixture(List.of(extraArgs), null);
    redis.launch();
    return redis;
  }

  /** Redis speaking TLS only (no plain port), with a certificate from {@code tls}. */
  public static RedisServerFixture startTls(TlsMaterial tls, String... extraArgs) {
    RedisServerFixture redis = new RedisServerFixture(List.of(extraArgs), tls);
    redis.launch();
    return redis;
  }

  private void launch() {
    String binary = findBinary();
    List<String> command =
        new ArrayList<>(
            List.of(
                binary,
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString()));
    if (tls == null) {
      command.addAll(List.of("--port", Integer.toString(port)));
    } else {
      command.addAll(
          List.of(
              "--port",
              "0",
              "--tls-port",
              Integer.toString(port),
              "--tls-cert-file",
              tls.serverCert().toString(),
              "--tls-key-file",
              tls.serverKey().toString(),
              "--tls-ca-cert-file",
              tls.caCert().toString(),
              "--tls-auth-clients",
              "no"));
    }
    command.addAll(extraArgs);
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.log").toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // By name with TLS: a certificate may name only localhost (the operator's CertificateIssuer
    // makes such).
    client = RedisClient.create(tls == null ? url() : urlByName());
    if (tls != null) {
      client.setOptions(
          io.lettuce.core.ClientOptions.builder()
              .sslOptions(
                  io.lettuce.core.SslOptions.builder()
                      .jdkSslProvider()
                      .trustManager(tls.caCert().toFile())
                      .build())
              .build());
    }
    await("redis-server on port " + port)
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(
            () -> {
              if (connection == null) connection = client.connect();
              return "PONG".equals(connection.sync().ping());
            });
  }

  private static String findBinary() {
    for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
      if (new File(candidate).canExecute()) return candidate;
    }
    throw new IllegalStateException(
        "redis-server is not installed: run scripts/test.sh (it installs Debian's redis-server)");
  }

  public String url() {
    return (tls == null ? "redis://" : "rediss://") + "127.0.0.1:" + port;
  }

  /**
   * The URL with the host {@code localhost}, for clients that check the name against the server
   * certificate.
   */
  public String urlByName() {
    return (tls == null ? "redis://" : "rediss://") + "localhost:" + port;
  }

  public int port() {
    return port;
  }

  public Path dir() {
    return dir;
  }

  /**
   * Commands on a connection of the fixture's own, to look at or change what the sidecars stored.
   */
  public RedisCommands<String, String> commands() {
    return connection.sync();
  }

  public List<String> keys(String pattern) {
    return commands().keys(pattern);
  }

  /** Stops Redis at once (SIGKILL), as a crash would. */
  public void kill() {
    if (connection != null) {
      connection.closeAsync();
      connection = null;
    }
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts Redis again on the same port and directory. */
  public void restart() {
    kill();
    launch();
  }

  @Override
  public void close() {
    kill();
    client.shutdown();
  }
}
