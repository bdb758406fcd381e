package dev.handoff.loadtest.bench;

import dev.handoff.loadtest.cluster.DebianPackage;
import java.util.List;
import java.util.Map;

/**
 * The binaries each benchmark starts, so all of them are found (or installed) before the benchmark starts
 * anything: a missing one then costs one line, not a half-run benchmark and a stack trace.
 */
final class BenchNeeds {
  private BenchNeeds() {}

  static List<DebianPackage> of(String bench, Map<String, String> flags) {
    List<DebianPackage> redis = List.of(DebianPackage.REDIS, DebianPackage.REDIS_CLI);
    return switch (bench) {
      case "drain" -> List.of(DebianPackage.REDIS, DebianPackage.REDIS_CLI, DebianPackage.REDIS_BENCHMARK);
      case "restore" -> redis;
      case "footprint" -> flags.containsKey("container")
          ? List.of(DebianPackage.REDIS, DebianPackage.REDIS_CLI, DebianPackage.PODMAN, DebianPackage.RUNC) : redis;
      case "proxy" -> List.of(DebianPackage.WRK, DebianPackage.NGINX);
      case "memory" -> List.of(DebianPackage.NGINX);
      case "steering" -> "processes".equals(flags.get("cluster"))
          ? List.of(DebianPackage.HAPROXY, DebianPackage.REDIS) : List.of();
      default -> throw new IllegalArgumentException(bench);
    };
  }
}
