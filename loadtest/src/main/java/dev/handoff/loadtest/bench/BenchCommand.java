package dev.handoff.loadtest.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench <drain|restore|footprint|proxy|memory|steering|all> [--flag value…]}: runs one benchmark (or all),
 * prints its figures and writes its table (markdown) and chart (SVG) under {@code --out} (docs/bench).
 */
public final class BenchCommand {
  static final String HELP = """
      bench <drain|restore|footprint|proxy|memory|steering|all> [options]
        --out DIR            where tables and charts go (docs/bench)
        --sidecar-jar PATH   the sidecar to measure (sidecar/target/handoff-sidecar.jar)
        --sizes 1000,5000,9800   drain: socket counts
        --state-bytes 2048   drain: state per socket
        --repeat 1           drain: rounds over all sizes (medians reported)
        --quiet-log off      drain: also run the sidecar with its hand-off log at WARN (on/off)
        --heap 512m          drain, memory: -Xmx of the sidecar and bare server (the container's 96m runs out near 3k sockets)
        --sockets 9000       memory: idle proxied WebSockets (nginx needs 2 fds per socket; the fd limit here is 20000)
        --restores 2000      restore: hand-offs restored one by one
        --runs 3             footprint: starts per variant
        --duration 10        proxy: seconds per wrk run
        --clients 600        steering: clients
        --pods 6             steering: pods per rolling deploy
        --cluster jvm        steering: jvm (pods in this JVM, in-JVM balancer) or processes (real SIGTERM, Redis, HAProxy)
      """;

  private BenchCommand() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args)));
  }

  public static int run(List<String> args) {
    PrintStream out = System.out;
    if (args.isEmpty() || args.contains("--help")) {
      out.print(HELP);
      return args.isEmpty() ? 2 : 0;
    }
    String what = args.get(0);
    Map<String, String> flags = new HashMap<>();
    for (int i = 1; i + 1 < args.size(); i += 2) flags.put(args.get(i).replaceFirst("^--", ""), args.get(i + 1));
    Path dir = Path.of(flags.getOrDefault("out", "docs/bench"));
    Path jar = Path.of(flags.getOrDefault("sidecar-jar", "sidecar/target/handoff-sidecar.jar"));
    // The sidecars' per-socket logging would dominate a 10k-socket run; warnings only.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    out.println("machine: " + Machine.describe());
    out.println("command: bench " + String.join(" ", args));
    List<String> all = List.of("drain", "restore", "footprint", "proxy", "memory", "steering");
    for (String one : what.equals("all") ? all : List.of(what)) {
      if (!all.contains(one)) {
        System.err.println("bench: unknown benchmark " + one + "\n" + HELP);
        return 2;
      }
      out.println("== " + one);
      String md = switch (one) {
        case "drain" -> drain(flags, dir, jar, out);
        case "restore" -> new RestoreBench(jar, dir, Integer.parseInt(flags.getOrDefault("restores", "2000")), out).run();
        case "footprint" -> new FootprintBench(jar, dir, Integer.parseInt(flags.getOrDefault("runs", "3")), out).run();
        case "proxy" -> new ProxyBench(jar, dir, Integer.parseInt(flags.getOrDefault("duration", "10")), out).run();
        case "memory" -> new MemoryBench(jar, dir, Integer.parseInt(flags.getOrDefault("sockets", "9000")),
            flags.getOrDefault("heap", "512m"), out).run();
        case "steering" -> new SteeringBench(dir, Integer.parseInt(flags.getOrDefault("clients", "600")),
            Integer.parseInt(flags.getOrDefault("pods", "6")), flags.getOrDefault("cluster", "jvm").equals("processes"),
            out).run();
        default -> throw new IllegalStateException(one);
      };
      String page = "<!-- bench " + String.join(" ", args) + " -->\nMachine: " + Machine.describe() + "\n\n" + md;
      String file = one.equals("steering")
          ? SteeringBench.name(flags.getOrDefault("cluster", "jvm").equals("processes")) : one;
      write(dir.resolve(file + ".md"), page);
      out.println(md);
    }
    return 0;
  }

  private static String drain(Map<String, String> flags, Path dir, Path jar, PrintStream out) {
    List<Integer> sizes = new ArrayList<>();
    for (String s : flags.getOrDefault("sizes", "1000,5000,9800").split(",")) sizes.add(Integer.parseInt(s.trim()));
    int state = Integer.parseInt(flags.getOrDefault("state-bytes", "2048"));
    List<DrainBench.Trial> trials = new DrainBench(jar, dir, state, flags.getOrDefault("heap", "512m"),
        Integer.parseInt(flags.getOrDefault("repeat", "1")), flags.getOrDefault("quiet-log", "off").equals("on"), out).run(sizes);
    write(dir.resolve("drain.svg"), DrainReportPage.chart(trials, sizes));
    return DrainReportPage.table(trials, sizes) + "\nChart: drain.svg\n";
  }

  static void write(Path file, String text) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> list(String... items) {
    return Arrays.asList(items);
  }
}
