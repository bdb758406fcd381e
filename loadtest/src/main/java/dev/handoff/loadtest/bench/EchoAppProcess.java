package dev.handoff.loadtest.bench;

import dev.handoff.testkit.FreePort;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@link EchoApp} as its own JVM on a free loopback port. */
final class EchoAppProcess implements AutoCloseable {
  private final ChildProcess process;
  private final int port;

  private EchoAppProcess(ChildProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  static EchoAppProcess start(Path logs) {
    int port = FreePort.next();
    ChildProcess p =
        ChildProcess.spawn(
            "echo-app",
            List.of(
                ChildProcess.java(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                EchoApp.class.getName(),
                Integer.toString(port)),
            Map.of("JAVA_TOOL_OPTIONS", ""),
            logs.resolve("echo-app.log"));
    p.awaitOk(URI.create("http://127.0.0.1:" + port + "/"), Duration.ofSeconds(30));
    return new EchoAppProcess(p, port);
  }

  int port() {
    return port;
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public void close() {
    process.close();
  }
}
