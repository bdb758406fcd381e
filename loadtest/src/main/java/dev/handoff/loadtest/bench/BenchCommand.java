package dev.handoff.loadtest.bench;

import dev.handoff.contract.OnOff;
import dev.handoff.loadtest.cli.CliMessages;
import dev.handoff.loadtest.cluster.DebianPackage;
import dev.handoff.loadtest.cluster.Tools;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code bench <drain|restore|footprint|proxy|memory|steering|all> [--flag value…]}: runs one
 * benchmark (or all), prints its figures and writes its table (markdown) and chart (SVG) under
 * {@code --out} (docs/bench).
 */
public final class BenchCommand {
  static final List<String> ALL =
      List.of("drain", "restore", "footprint", "proxy", "memory", "steering");

  /**
   * Every option of {@code bench}, declared once: picocli parses them and prints {@code --help}
   * from them.
   */
  @Command(
      name = "bench",
      sortOptions = false,
      usageHelpWidth = 120,
      synopsisHeading = "",
      optionListHeading = "%n",
      customSynopsis = "bench <drain|restore|footprint|proxy|memory|steering|all> [options]",
      footer = {
        "Missing tools (redis-server, redis-tools, wrk, nginx, haproxy, podman) are installed from Debian's "
            + "packages.",
        "Exit: 0 every benchmark finished; 1 one failed (all: the others still ran, the failures are "
            + "listed at the",
        "end); 2 usage; 3 a tool it needs is missing and could not be installed."
      })
  static final class Flags {
    @Parameters(index = "0", paramLabel = "BENCHMARK", hidden = true)
    String what;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        defaultValue = "docs/bench",
        description = "where tables and charts go (${DEFAULT-VALUE})")
    Path out;

    @Option(
        names = "--sidecar-jar",
        paramLabel = "PATH",
        defaultValue = "sidecar/target/handoff-sidecar.jar",
        description = "the sidecar to measure (${DEFAULT-VALUE})")
    Path sidecarJar;

    @Option(
        names = "--sizes",
        paramLabel = "N",
        split = ",",
        defaultValue = "1000,5000,9800",
        description = "drain: socket counts (${DEFAULT-VALUE})")
    List<Integer> sizes;

    @Option(
        names = "--state-bytes",
        paramLabel = "N",
        defaultValue = "2048",
        description = "drain: state per socket (${DEFAULT-VALUE})")
    int stateBytes;

    @Option(
        names = "--repeat",
        paramLabel = "N",
        defaultValue = "1",
        description = "drain: rounds over all sizes, medians reported (${DEFAULT-VALUE})")
    int repeat;

    @Option(
        names = "--quiet-log",
        paramLabel = "on|off",
        arity = "1",
        defaultValue = "off",
        converter = Switch.class,
        description =
            "drain: also run the sidecar with its hand-off log at WARN (${DEFAULT-VALUE})")
    boolean quietLog;

    @Option(
        names = "--heap",
        paramLabel = "SIZE",
        defaultValue = "512m",
        description =
            "drain, memory: -Xmx of the "
                + "sidecar and bare server; the container's 96m runs out near 3k sockets (${DEFAULT-VALUE})")
    String heap;

    @Option(
        names = "--sockets",
        paramLabel = "N",
        defaultValue = "9000",
        description =
            "memory: idle proxied "
                + "WebSockets; nginx needs 2 fds per socket, the fd limit here is 20000 (${DEFAULT-VALUE})")
    int sockets;

    @Option(
        names = "--restores",
        paramLabel = "N",
        defaultValue = "2000",
        description = "restore: hand-offs restored one by one (${DEFAULT-VALUE})")
    int restores;

    @Option(
        names = "--runs",
        paramLabel = "N",
        defaultValue = "3",
        description = "footprint: starts per variant (${DEFAULT-VALUE})")
    int runs;

    @Option(
        names = "--jdk",
        paramLabel = "DIR",
        description =
            "footprint: also run the jar on this JDK (25 or "
                + "newer): its rows add the AOT cache and compact object headers")
    java.nio.file.Path jdk;

    @Option(
        names = "--container",
        paramLabel = "IMAGE",
        description =
            "footprint: run that image with podman as a "
                + "pod runs it (--memory 512m) instead of the jar")
    String container;

    @Option(
        names = "--java-options",
        paramLabel = "\"…\"",
        description =
            "footprint --container: the pod's "
                + "JAVA_TOOL_OPTIONS (the operator's: the image's flags)")
    String javaOptions;

    @Option(
        names = "--duration",
        paramLabel = "SECONDS",
        defaultValue = "10",
        description = "proxy: seconds per wrk run (${DEFAULT-VALUE})")
    int duration;

    @Option(
        names = "--clients",
        paramLabel = "N",
        defaultValue = "600",
        description = "steering: clients (${DEFAULT-VALUE})")
    int clients;

    @Option(
        names = "--pods",
        paramLabel = "N",
        defaultValue = "6",
        description = "steering: pods per rolling deploy (${DEFAULT-VALUE})")
    int pods;

    @Option(
        names = "--cluster",
        paramLabel = "jvm|processes",
        defaultValue = "jvm",
        converter = ClusterKind.class,
        description =
            "steering: jvm (pods in this JVM, in-JVM balancer) or processes (real SIGTERM, Redis, HAProxy) "
                + "(${DEFAULT-VALUE})")
    String cluster;

    @Option(names = "--help", usageHelp = true, description = "this text")
    boolean help;

    boolean processes() {
      return "processes".equals(cluster);
    }
  }

  static String help() {
    return new CommandLine(new Flags()).getUsageMessage(CommandLine.Help.Ansi.OFF);
  }

  private BenchCommand() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args)));
  }

  public static int run(List<String> args) {
    return run(args, Tools.onThisMachine(), System.out, System.err);
  }

  /**
   * @param tools where the benchmarks' binaries are found and how missing ones are installed
   */
  static int run(List<String> args, Tools tools, PrintStream out, PrintStream err) {
    if (args.isEmpty()) {
      out.print(help());
      return BenchSequence.USAGE;
    }
    Flags flags = new Flags();
    CommandLine cli = new CommandLine(flags).setOverwrittenOptionsAllowed(true);
    try {
      cli.parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      err.println("bench: " + CliMessages.oneLine(e, "bench --help"));
      return BenchSequence.USAGE;
    }
    if (cli.isUsageHelpRequested()) {
      out.print(help());
      return BenchSequence.OK;
    }
    List<String> chosen = flags.what.equals("all") ? ALL : List.of(flags.what);
    if (!ALL.containsAll(chosen)) {
      err.println("bench: unknown benchmark " + flags.what + "\n" + help());
      return BenchSequence.USAGE;
    }
    Path dir = flags.out;
    Path jar = flags.sidecarJar;
    // The sidecars' per-socket logging would dominate a 10k-socket run; warnings only.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    out.println("machine: " + Machine.describe());
    out.println("command: bench " + String.join(" ", args));
    List<BenchSequence.Benchmark> benchmarks = new ArrayList<>();
    for (String one : chosen) {
      benchmarks.add(
          new BenchSequence.Benchmark(
              one,
              () -> {
                out.println("== " + one);
                // Everything it needs first, so a missing tool stops it before it has started
                // anything.
                for (DebianPackage p :
                    BenchNeeds.of(one, flags.container != null, flags.processes())) tools.ensure(p);
                String md =
                    switch (one) {
                      case "drain" -> drain(flags, dir, jar, tools, out);
                      case "restore" ->
                          new RestoreBench(jar, dir, flags.restores, tools, out).run();
                      case "footprint" ->
                          flags.container != null
                              ? new ContainerFootprintBench(
                                      flags.container,
                                      flags.javaOptions != null
                                          ? List.of(flags.javaOptions.trim().split("\\s+"))
                                          : ContainerFlags.IN_IMAGE,
                                      dir,
                                      flags.runs,
                                      tools,
                                      out)
                                  .run()
                              : new FootprintBench(jar, dir, flags.runs, flags.jdk, tools, out)
                                  .run();
                      case "proxy" -> new ProxyBench(jar, dir, flags.duration, tools, out).run();
                      case "memory" ->
                          new MemoryBench(jar, dir, flags.sockets, flags.heap, tools, out).run();
                      case "steering" ->
                          new SteeringBench(dir, flags.clients, flags.pods, flags.processes(), out)
                              .run();
                      default -> throw new IllegalStateException(one);
                    };
                String page =
                    "<!-- bench "
                        + String.join(" ", args)
                        + " -->\nMachine: "
                        + Machine.describe()
                        + "\n\n"
                        + md;
                String file =
                    switch (one) {
                      case "steering" -> SteeringBench.name(flags.processes());
                      case "footprint" -> flags.container != null ? "footprint-container" : one;
                      default -> one;
                    };
                write(dir.resolve(file + ".md"), page);
                out.println(md);
              }));
    }
    return new BenchSequence(err).run(benchmarks);
  }

  /** {@code on} or {@code off}, as the contract spells switches. */
  static final class Switch implements ITypeConverter<Boolean> {
    @Override
    public Boolean convert(String v) {
      return OnOff.parse(v)
          .orElseThrow(() -> new TypeConversionException("wants on or off, got " + v));
    }
  }

  static final class ClusterKind implements ITypeConverter<String> {
    @Override
    public String convert(String v) {
      if (!v.equals("jvm") && !v.equals("processes")) {
        throw new TypeConversionException("wants jvm or processes, got " + v);
      }
      return v;
    }
  }

  private static String drain(Flags flags, Path dir, Path jar, Tools tools, PrintStream out) {
    List<Integer> sizes = flags.sizes;
    List<DrainBench.Trial> trials =
        new DrainBench(
                jar, dir, flags.stateBytes, flags.heap, flags.repeat, flags.quietLog, tools, out)
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
