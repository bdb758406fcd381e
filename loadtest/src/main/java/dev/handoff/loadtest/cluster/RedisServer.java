package dev.handoff.loadtest.cluster;

import dev.handoff.testkit.FreePort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A real {@code redis-server} on a free loopback port, without persistence, for one run. */
final class RedisServer implements AutoCloseable {
  private final int port;
  private final ServerProcess process;

  private RedisServer(int port, ServerProcess process) {
    this.port = port;
    this.process = process;
  }

  static RedisServer start(Path logDir) {
    String binary = DebianPackage.REDIS.ensure();
    int port = FreePort.next();
    ServerProcess p =
        ServerProcess.spawn(
            "redis-server",
            List.of(
                binary,
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                logDir.toAbsolutePath().toString()),
            Map.of(),
            logDir.resolve("redis.log"));
    RedisServer redis = new RedisServer(port, p);
    p.awaitUp(redis::pongs, Duration.ofSeconds(20));
    return redis;
  }

  private boolean pongs() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      s.setSoTimeout(1000);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[7];
      int n = in.readNBytes(buf, 0, 7);
      return n == 7 && new String(buf, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.terminate(Duration.ofSeconds(5));
  }
}
