package dev.handoff.loadtest.bench;

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
 * Benchmark 5: start-to-ready and idle RSS of the sidecar jar (with Redis, as deployed), with the
 * container's JVM flags, without any flags, and with the flags plus an application class-data archive.
 */
final class FootprintBench {
  private static final long IDLE_MILLIS = 3000;

  private final Path jar;
  private final Path out;
  private final int runs;
  private final PrintStream log;

  FootprintBench(Path jar, Path out, int runs, PrintStream log) {
    this.jar = jar;
    this.out = out;
    this.runs = runs;
    this.log = log;
  }

  String run() {
    Path logs = out.resolve("logs");
    StringBuilder md = new StringBuilder();
    md.append("| JVM flags | start-to-ready p50 ms (runs) | idle RSS p50 MiB | goal ready ≤ 600 ms | goal RSS ≤ 64 MiB |\n");
    md.append("|---|---|---|---|---|\n");
    try (LocalRedis redis = LocalRedis.start(logs)) {
      Path archive = logs.resolve("sidecar-app.jsa").toAbsolutePath();
      List<List<String>> variants = new ArrayList<>();
      variants.add(ContainerFlags.SIDECAR);
      variants.add(List.of());
      List<String> cds = new ArrayList<>(ContainerFlags.SIDECAR);
      cds.add("-XX:SharedArchiveFile=" + archive);
      variants.add(cds);
      List<String> leaner = new ArrayList<>(ContainerFlags.SIDECAR);
      leaner.addAll(List.of("-XX:MaxRAM=128m", "-XX:ReservedCodeCacheSize=16m", "-XX:MaxMetaspaceSize=48m",
          "-XX:-UsePerfData", "-XX:SharedArchiveFile=" + archive));
      variants.add(leaner);
      dumpArchive(archive, redis, logs);
      for (List<String> flags : variants) {
        Samples ready = new Samples();
        Samples rss = new Samples();
        for (int i = 0; i < runs; i++) {
          try (SidecarProcess s = SidecarProcess.start(jar, flags, URI.create("http://127.0.0.1:9"),
              Optional.of(redis.url()), Map.of(), logs.resolve("footprint.log"))) {
            ready.add(s.startToReady().toMillis());
            ChildProcess.sleep(IDLE_MILLIS);
            rss.add(s.process().rssKib());
          }
        }
        String label = flags.isEmpty() ? "none (JDK defaults)" : String.join(" ", flags).replace(archive.toString(),
            "app.jsa");
        long readyMs = ready.percentile(50);
        double rssMib = rss.percentile(50) / 1024.0;
        log.printf(Locale.ROOT, "  %-60s ready %d ms, RSS %.1f MiB%n", label, readyMs, rssMib);
        md.append(String.format(Locale.ROOT, "| `%s` | %d (%d) | %.1f | %s | %s |\n", label, readyMs, runs, rssMib,
            readyMs <= 600 ? "met" : "**missed**", rssMib <= 64 ? "met" : "**missed**"));
      }
    }
    md.append("\nRSS read from /proc/<pid>/status VmRSS " + IDLE_MILLIS + " ms after /readyz first answered 200;"
        + " the sidecar connected to a local redis-server, no traffic.\n");
    return md.toString();
  }

  /** Runs the sidecar once with -XX:ArchiveClassesAtExit and a SIGTERM, as a build step would. */
  private void dumpArchive(Path archive, LocalRedis redis, Path logs) {
    if (Files.exists(archive)) return;
    List<String> flags = new ArrayList<>(ContainerFlags.SIDECAR);
    flags.add("-XX:ArchiveClassesAtExit=" + archive);
    try (SidecarProcess s = SidecarProcess.start(jar, flags, URI.create("http://127.0.0.1:9"),
        Optional.of(redis.url()), Map.of(), logs.resolve("footprint-cds-dump.log"))) {
      ChildProcess.sleep(1000);
    }
    for (int i = 0; i < 100 && !Files.exists(archive); i++) ChildProcess.sleep(100);
  }
}
