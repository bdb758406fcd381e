package dev.handoff.loadtest.bench;

import dev.handoff.loadtest.cluster.DebianPackage;
import dev.handoff.loadtest.cluster.Tools;
import dev.handoff.testkit.FreePort;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A redis-server of our own on a free loopback port, without persistence, for one benchmark run.
 */
public final class LocalRedis implements AutoCloseable {
  private final int port;
  private final ChildProcess process;
  private final String cli;

  private LocalRedis(int port, ChildProcess process, String cli) {
    this.port = port;
    this.process = process;
    this.cli = cli;
  }

  public static LocalRedis start(Path logDir) {
    return start(logDir, Tools.onThisMachine());
  }

  public static LocalRedis start(Path logDir, Tools tools) {
    String cli = tools.ensure(DebianPackage.REDIS_CLI);
    int port = FreePort.next();
    ChildProcess p =
        ChildProcess.spawn(
            "redis-server",
            List.of(
                tools.ensure(DebianPackage.REDIS),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no"),
            Map.of(),
            logDir.resolve("redis.log"));
    LocalRedis redis = new LocalRedis(port, p, cli);
    for (int i = 0; i < 200 && !redis.cli("PING").contains("PONG"); i++) ChildProcess.sleep(25);
    return redis;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Runs redis-cli against this server and returns what it printed. */
  public String cli(String... command) {
    List<String> cmd = new java.util.ArrayList<>(List.of(cli, "-p", Integer.toString(port)));
    cmd.addAll(List.of(command));
    return Shell.run(cmd, 30);
  }

  @Override
  public void close() {
    process.close();
  }
}
