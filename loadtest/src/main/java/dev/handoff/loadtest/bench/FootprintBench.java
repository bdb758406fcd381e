package dev.handoff.loadtest.bench;

import dev.handoff.loadtest.cluster.Tools;
import dev.handoff.testkit.FreePort;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Benchmark 5: start-to-ready and idle RSS of the sidecar jar connected to Redis, with the
 * container's JVM flags (under the default 512Mi limit) and with each of those flags taken away or
 * changed, so every row shows what one flag does; then where the container's idle RSS goes, by
 * Native Memory Tracking.
 */
final class FootprintBench {
  private static final long IDLE_MILLIS = 3000;

  /**
   * A second reading once the JIT has settled: 3 s after ready C2 is still compiling and its freed
   * scratch memory sits in the C heap until -XX:TrimNativeHeapInterval (every 5 s) hands it back.
   */
  private static final long SETTLED_MILLIS = 10_000;

  private static final String TIERED_C1 = "-XX:TieredStopAtLevel=1";

  /** The JVM's view of a 16-core node: a pod without a CPU limit sees all of the node's cores. */
  private static final String CORES_16 = "-XX:ActiveProcessorCount=16";

  private final Path jar;
  private final Path out;
  private final int runs;
  private final PrintStream log;
  private final Tools tools;

  /**
   * Another JDK (25 or newer) whose rows are added: its AOT cache and compact object headers; null
   * for none.
   */
  private final Path otherJdk;

  FootprintBench(Path jar, Path out, int runs, Path otherJdk, Tools tools, PrintStream log) {
    this.otherJdk = otherJdk;
    this.tools = tools;
    this.jar = jar;
    this.out = out;
    this.runs = runs;
    this.log = log;
  }

  /**
   * One row: the JVM, its flags, its environment beyond the sidecar's settings (the image's {@link
   * ContainerFlags#IMAGE_ENV} unless a row takes it away) and arguments after the jar (a pod passes
   * none).
   */
  private record Variant(
      String label, String java, List<String> flags, Map<String, String> env, List<String> args) {
    Variant(String label, List<String> flags) {
      this(label, ChildProcess.java(), flags);
    }

    Variant(String label, String java, List<String> flags) {
      this(label, java, flags, ContainerFlags.IMAGE_ENV, List.of());
    }

    Variant(String label, List<String> flags, Map<String, String> env) {
      this(label, ChildProcess.java(), flags, env, List.of());
    }
  }

  private static final class Result {
    final Samples ready = new Samples();
    final Samples rss = new Samples();
    final Samples settledRss = new Samples();
  }

  private static List<Variant> variants(Path archive) {
    List<String> container = ContainerFlags.withArchive(archive);
    List<Variant> v = new ArrayList<>();
    v.add(new Variant("the container's: image flags + app.jsa", container));
    v.add(new Variant("without the class-data archive", ContainerFlags.SIDECAR));
    v.add(
        new Variant("with " + TIERED_C1 + " (C1 only)", ContainerFlags.with(container, TIERED_C1)));
    v.add(
        new Variant(
            "without -XX:TrimNativeHeapInterval=5000",
            ContainerFlags.without(container, "-XX:TrimNativeHeapInterval")));
    v.add(
        new Variant(
            "without -XX:-UsePerfData", ContainerFlags.without(container, "-XX:-UsePerfData")));
    v.add(new Variant("without MALLOC_ARENA_MAX=2", container, Map.of()));
    // The sidecar parses its command line only when there is one (a pod has none): picocli's
    // classes are too old a class-file version for the archive and load from the jar.
    v.add(
        new Variant(
            "with a command-line flag (picocli parses it)",
            ChildProcess.java(),
            container,
            ContainerFlags.IMAGE_ENV,
            List.of("--log-format", "text")));
    // Without a CPU limit the JVM sizes itself by the node's cores: JIT compiler threads (12 at 16
    // cores, where -XX:CICompilerCount=2 keeps two), and with them malloc arenas. On this
    // benchmark's 2 cores CICompilerCount=2 is the JVM's own choice, so only these rows show it.
    List<String> node16 = ContainerFlags.with(container, CORES_16);
    v.add(new Variant("as on a 16-core node (-XX:ActiveProcessorCount=16)", node16));
    v.add(
        new Variant(
            "as on a 16-core node, without -XX:CICompilerCount=2",
            ContainerFlags.without(node16, "-XX:CICompilerCount")));
    v.add(
        new Variant(
            "as on a 16-core node, without -XX:CICompilerCount=2 and MALLOC_ARENA_MAX=2",
            ContainerFlags.without(node16, "-XX:CICompilerCount"),
            Map.of()));
    v.add(
        new Variant(
            "previous image flags (" + TIERED_C1 + ", no archive)",
            List.of(
                "-XX:+UseSerialGC",
                "-Xss512k",
                TIERED_C1,
                "-XX:MaxRAMPercentage=70",
                "-XX:+ExitOnOutOfMemoryError",
                ContainerFlags.DEFAULT_LIMIT),
            Map.of()));
    v.add(new Variant("JDK defaults", List.of(ContainerFlags.DEFAULT_LIMIT), Map.of()));
    return v;
  }

  /**
   * The same image flags on another JDK (the Dockerfile on a JDK 25 base): with the AOT cache its
   * build makes (JEP 483/514: a training start writes it, {@code -XX:AOTCache} reads it), then with
   * compact object headers (JEP 519), then both.
   */
  private static List<Variant> otherJdkVariants(String java, String name, Path aotCache) {
    String aot = "-XX:AOTCache=" + aotCache;
    String compact = "-XX:+UseCompactObjectHeaders";
    List<Variant> v = new ArrayList<>();
    v.add(
        new Variant(
            name + ": image flags, the JDK's default CDS only", java, ContainerFlags.SIDECAR));
    v.add(
        new Variant(
            name + ": image flags + AOT cache",
            java,
            ContainerFlags.with(ContainerFlags.SIDECAR, aot)));
    v.add(
        new Variant(
            name + ": image flags + compact object headers",
            java,
            ContainerFlags.with(ContainerFlags.SIDECAR, compact)));
    v.add(
        new Variant(
            name + ": image flags + AOT cache + compact object headers",
            java,
            ContainerFlags.with(ContainerFlags.SIDECAR, compact, aot + "-compact")));
    return v;
  }

  String run() {
    Path logs = out.resolve("logs");
    StringBuilder md = new StringBuilder();
    String loadBefore = Machine.loadAverage();
    try (LocalRedis redis = LocalRedis.start(logs, tools)) {
      Path archive = logs.resolve("sidecar-app.jsa").toAbsolutePath();
      dumpArchive(archive, logs);
      List<Variant> variants = new ArrayList<>(variants(archive));
      if (otherJdk != null) {
        String java = otherJdk.resolve("bin/java").toString();
        String name = jdkName(otherJdk);
        Path aot = logs.resolve("sidecar.aot").toAbsolutePath();
        dumpAotCache(java, aot, List.of(), logs);
        dumpAotCache(
            java, Path.of(aot + "-compact"), List.of("-XX:+UseCompactObjectHeaders"), logs);
        variants.addAll(otherJdkVariants(java, name, aot));
      }
      List<Result> results = new ArrayList<>();
      variants.forEach(v -> results.add(new Result()));
      // Round-robin over the variants, so a busy minute on this shared machine spreads over all
      // rows alike.
      for (int i = 0; i < runs; i++) {
        for (int j = 0; j < variants.size(); j++)
          measure(variants.get(j), redis, logs, results.get(j));
      }
      md.append(
          "| variant | environment and JVM flags | start-to-ready p50 ms (runs) | idle RSS p50 MiB at 3 s | at 10 s"
              + " | goal ready ≤ 600 ms | goal RSS ≤ 64 MiB (10 s) |\n");
      md.append("|---|---|---|---|---|---|---|\n");
      for (int j = 0; j < variants.size(); j++) {
        Variant v = variants.get(j);
        long readyMs = results.get(j).ready.percentile(50);
        double rssMib = results.get(j).rss.percentile(50) / 1024.0;
        double settledMib = results.get(j).settledRss.percentile(50) / 1024.0;
        String flags =
            (envText(v.env()) + String.join(" ", v.flags()) + argsText(v.args()))
                .replace(archive.toString(), "app.jsa")
                .replace(logs.toAbsolutePath().resolve("sidecar.aot").toString(), "app.aot");
        log.printf(
            Locale.ROOT,
            "  %-50s ready %d ms, RSS %.1f MiB, at 10 s %.1f MiB%n",
            v.label(),
            readyMs,
            rssMib,
            settledMib);
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | `%s` | %d (%d) | %.1f | %.1f | %s | %s |\n",
                v.label(),
                flags,
                readyMs,
                runs,
                rssMib,
                settledMib,
                readyMs <= 600 ? "met" : "**missed**",
                settledMib <= 64 ? "met" : "**missed**"));
      }
      md.append("\nLoad average (1 min): ")
          .append(loadBefore)
          .append(" before, ")
          .append(Machine.loadAverage())
          .append(" after. RSS is VmRSS ")
          .append(IDLE_MILLIS)
          .append(" ms and ")
          .append(SETTLED_MILLIS)
          .append(" ms after /readyz first answered 200 (polled")
          .append(
              " every 5 ms from spawning the JVM); the sidecar connected to a local redis-server, no traffic.")
          .append(
              " `-XX:MaxRAM=512m` stands in for the default container limit; `MALLOC_ARENA_MAX=2` is the"
                  + " image's environment. app.jsa is dumped as the")
          .append(
              " Dockerfile does: one start with the image flags and `-XX:DumpLoadedClassList`, no Redis")
          .append(
              " reachable, a SIGTERM once ready, then `-Xshare:dump` of that list into one static"
                  + " archive.\n\n");
      md.append(breakdown(ContainerFlags.withArchive(archive), redis, logs));
    }
    return md.toString();
  }

  private void measure(Variant variant, LocalRedis redis, Path logs, Result into) {
    try (SidecarProcess s =
        SidecarProcess.start(
            variant.java(),
            jar,
            variant.flags(),
            URI.create("http://127.0.0.1:9"),
            Optional.of(redis.url()),
            variant.env(),
            variant.args(),
            logs.resolve("footprint.log"))) {
      into.ready.add(s.startToReady().toMillis());
      ChildProcess.sleep(IDLE_MILLIS);
      into.rss.add(s.process().rssKib());
      ChildProcess.sleep(SETTLED_MILLIS - IDLE_MILLIS);
      into.settledRss.add(s.process().rssKib());
    }
  }

  /** One more start of the container's flags with Native Memory Tracking, read once settled. */
  private String breakdown(List<String> flags, LocalRedis redis, Path logs) {
    List<String> tracked = ContainerFlags.with(flags, "-XX:NativeMemoryTracking=summary");
    try (SidecarProcess s =
        SidecarProcess.start(
            jar,
            tracked,
            URI.create("http://127.0.0.1:9"),
            Optional.of(redis.url()),
            ContainerFlags.IMAGE_ENV,
            logs.resolve("footprint-nmt.log"))) {
      ChildProcess.sleep(SETTLED_MILLIS);
      long pid = s.process().pid();
      Map<String, Long> nmt = NativeMemory.committedKib(pid);
      long threads = ProcStatus.field(pid, "Threads:");
      return String.format(
              Locale.ROOT,
              "Where the container's idle RSS goes (one start with"
                  + " `-XX:NativeMemoryTracking=summary`, which adds its own category), 10 s after ready: VmRSS %.1f MiB ="
                  + " RssAnon %.1f + RssFile %.1f (libjvm and the other mapped files); %d threads.%n%n",
              s.process().rssKib() / 1024.0,
              ProcStatus.field(pid, "RssAnon:") / 1024.0,
              ProcStatus.field(pid, "RssFile:") / 1024.0,
              threads)
          + NativeMemory.table(nmt);
    }
  }

  /** The row's environment as a shell would prefix it: {@code MALLOC_ARENA_MAX=2 }. */
  private static String envText(Map<String, String> env) {
    StringBuilder text = new StringBuilder();
    new java.util.TreeMap<>(env)
        .forEach((k, val) -> text.append(k).append('=').append(val).append(' '));
    return text.toString();
  }

  /** The row's arguments after the jar: {@code … -jar handoff-sidecar.jar --log-format text}. */
  private static String argsText(List<String> args) {
    return args.isEmpty() ? "" : " … -jar handoff-sidecar.jar " + String.join(" ", args);
  }

  /** "JDK 25.0.1", from the JDK's {@code release} file. */
  private static String jdkName(Path jdk) {
    try {
      return Files.readAllLines(jdk.resolve("release")).stream()
          .filter(l -> l.startsWith("JAVA_VERSION="))
          .map(l -> "JDK " + l.substring("JAVA_VERSION=".length()).replace("\"", ""))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException(jdk + "/release names no JAVA_VERSION"));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(jdk + " is no JDK (no release file): " + e.getMessage());
    }
  }

  /**
   * The AOT cache as a JDK 25 image build makes it: a training start with {@code
   * -XX:AOTCacheOutput}.
   */
  private void dumpAotCache(String java, Path cache, List<String> more, Path logs) {
    List<String> flags = new ArrayList<>(ContainerFlags.SIDECAR);
    flags.addAll(more);
    flags.add("-XX:AOTCacheOutput=" + cache);
    trainingStart(
        java,
        flags,
        cache,
        "AOT cache " + cache.getFileName(),
        logs.resolve("footprint-aot-training.log"));
  }

  /**
   * The class-data archive as the Dockerfile's build step makes it on JDK 17: a start that lists
   * the classes it loads ({@code -XX:DumpLoadedClassList}), then {@code -Xshare:dump} of that list
   * into one static archive (the JDK's classes and the jar's, in place of the JDK's default
   * archive).
   */
  private void dumpArchive(Path archive, Path logs) {
    Path classList = Path.of(archive + ".classlist");
    trainingStart(
        ChildProcess.java(),
        ContainerFlags.with(ContainerFlags.SIDECAR, "-XX:DumpLoadedClassList=" + classList),
        classList,
        "class list of a start",
        logs.resolve("footprint-cds-training.log"));
    try {
      Files.deleteIfExists(archive);
      List<String> cmd = new ArrayList<>();
      cmd.add(ChildProcess.java());
      cmd.addAll(ContainerFlags.SIDECAR);
      cmd.addAll(
          List.of(
              "-Xshare:dump",
              "-XX:SharedClassListFile=" + classList,
              "-XX:SharedArchiveFile=" + archive,
              "-cp",
              jar.toString()));
      Process dump =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(logs.resolve("footprint-cds-dump.log").toFile())
              .start();
      if (!dump.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
        dump.destroyForcibly();
        throw new IllegalStateException("-Xshare:dump took over 120 s");
      }
      if (dump.exitValue() != 0 || !Files.exists(archive))
        throw new IllegalStateException(
            "-Xshare:dump failed (exit " + dump.exitValue() + "), see footprint-cds-dump.log");
      log.println("  made the class-data archive app.jsa (" + Files.size(archive) / 1024 + " KiB)");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * One start that writes {@code output} at exit, as an image build does: no Redis reachable (a
   * build has none; the client is still built and tries to connect), and a SIGTERM once ready. An
   * archive or cache only serves the very jar it was made from (the JVM checks the class path):
   * never reuse one.
   */
  private void trainingStart(
      String java, List<String> flags, Path output, String what, Path logFile) {
    try {
      Files.deleteIfExists(output);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String nowhere = "redis://127.0.0.1:" + FreePort.next();
    try (SidecarProcess s =
        SidecarProcess.start(
            java,
            jar,
            flags,
            URI.create("http://127.0.0.1:9"),
            Optional.of(nowhere),
            Map.of(),
            logFile)) {
      log.println("  making the " + what + " (ready after " + s.startToReady().toMillis() + " ms)");
    }
    if (!Files.exists(output)) throw new IllegalStateException("no " + what + " at " + output);
  }
}
