package dev.handoff.loadtest.bench;

import dev.handoff.loadtest.cluster.DebianPackage;
import dev.handoff.loadtest.cluster.Tools;
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
        --container IMAGE    footprint: run that image with podman as a pod runs it (--memory 512m) instead of the jar
        --java-options "…"   footprint --container: the pod's JAVA_TOOL_OPTIONS (the operator's: the image's flags)
        --duration 10        proxy: seconds per wrk run
        --clients 600        steering: clients
        --pods 6             steering: pods per rolling deploy
        --cluster jvm        steering: jvm (pods in this JVM, in-JVM balancer) or processes (real SIGTERM, Redis, HAProxy)
      Missing tools (redis-server, redis-tools, wrk, nginx, haproxy, podman) are installed from Debian's packages.
      Exit: 0 every benchmark finished; 1 one failed (all: the others still ran, the failures are listed at the
      end); 2 usage; 3 a tool it needs is missing and could not be installed.
      """;

  private BenchCommand() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args)));
  }

  public static int run(List<String> args) {
    return run(args, Tools.onThisMachine(), System.out, System.err);
  }

  /** @param tools where the benchmarks' binaries are found and how missing ones are installed */
  static int run(List<String> args, Tools tools, PrintStream out, PrintStream err) {
    if (args.isEmpty() || args.contains("--help")) {
      out.print(HELP);
      return args.isEmpty() ? BenchSequence.USAGE : BenchSequence.OK;
    }
    String what = args.get(0);
    Map<String, String> flags = new HashMap<>();
    for (int i = 1; i + 1 < args.size(); i += 2) flags.put(args.get(i).replaceFirst("^--", ""), args.get(i + 1));
    List<String> all = List.of("drain", "restore", "footprint", "proxy", "memory", "steering");
    List<String> chosen = what.equals("all") ? all : List.of(what);
    if (!all.containsAll(chosen)) {
      err.println("bench: unknown benchmark " + what + "\n" + HELP);
      return BenchSequence.USAGE;
    }
    Path dir = Path.of(flags.getOrDefault("out", "docs/bench"));
    Path jar = Path.of(flags.getOrDefault("sidecar-jar", "sidecar/target/handoff-sidecar.jar"));
    // The sidecars' per-socket logging would dominate a 10k-socket run; warnings only.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    out.println("machine: " + Machine.describe());
    out.println("command: bench " + String.join(" ", args));
    List<BenchSequence.Benchmark> benchmarks = new ArrayList<>();
    for (String one : chosen) {
      benchmarks.add(new BenchSequence.Benchmark(one, () -> {
        out.println("== " + one);
        // Everything it needs first, so a missing tool stops it before it has started anything.
        for (DebianPackage p : BenchNeeds.of(one, flags)) tools.ensure(p);
        String md = switch (one) {
          case "drain" -> drain(flags, dir, jar, tools, out);
          case "restore" -> new RestoreBench(jar, dir, Integer.parseInt(flags.getOrDefault("restores", "2000")),
              tools, out).run();
          case "footprint" -> flags.containsKey("container")
              ? new ContainerFootprintBench(flags.get("container"), flags.containsKey("java-options")
                  ? List.of(flags.get("java-options").trim().split("\\s+")) : ContainerFlags.IN_IMAGE, dir,
                  Integer.parseInt(flags.getOrDefault("runs", "3")), tools, out).run()
              : new FootprintBench(jar, dir, Integer.parseInt(flags.getOrDefault("runs", "3")), tools, out).run();
          case "proxy" -> new ProxyBench(jar, dir, Integer.parseInt(flags.getOrDefault("duration", "10")), tools,
              out).run();
          case "memory" -> new MemoryBench(jar, dir, Integer.parseInt(flags.getOrDefault("sockets", "9000")),
              flags.getOrDefault("heap", "512m"), tools, out).run();
          case "steering" -> new SteeringBench(dir, Integer.parseInt(flags.getOrDefault("clients", "600")),
              Integer.parseInt(flags.getOrDefault("pods", "6")), "processes".equals(flags.get("cluster")), out).run();
          default -> throw new IllegalStateException(one);
        };
        String page = "<!-- bench " + String.join(" ", args) + " -->\nMachine: " + Machine.describe() + "\n\n" + md;
        String file = switch (one) {
          case "steering" -> SteeringBench.name("processes".equals(flags.get("cluster")));
          case "footprint" -> flags.containsKey("container") ? "footprint-container" : one;
          default -> one;
        };
        write(dir.resolve(file + ".md"), page);
        out.println(md);
      }));
    }
    return new BenchSequence(err).run(benchmarks);
  }

  private static String drain(Map<String, String> flags, Path dir, Path jar, Tools tools, PrintStream out) {
    List<Integer> sizes = new ArrayList<>();
    for (String s : flags.getOrDefault("sizes", "1000,5000,9800").split(",")) sizes.add(Integer.parseInt(s.trim()));
    int state = Integer.parseInt(flags.getOrDefault("state-bytes", "2048"));
    List<DrainBench.Trial> trials = new DrainBench(jar, dir, state, flags.getOrDefault("heap", "512m"),
        Integer.parseInt(flags.getOrDefault("repeat", "1")), flags.getOrDefault("quiet-log", "off").equals("on"), tools, out)
        .run(sizes);
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
