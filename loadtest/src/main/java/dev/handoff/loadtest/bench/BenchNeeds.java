package dev.handoff.loadtest.bench;

import dev.handoff.loadtest.cluster.DebianPackage;
import java.util.List;

/**
 * The binaries each benchmark starts, so all of them are found (or installed) before the benchmark
 * starts anything: a missing one then costs one line, not a half-run benchmark and a stack trace.
 */
final class BenchNeeds {
  private BenchNeeds() {}

  /**
   * @param container footprint: {@code --container} given
   * @param processes steering: {@code --cluster processes}
   */
  static List<DebianPackage> of(String bench, boolean container, boolean processes) {
    List<DebianPackage> redis = List.of(DebianPackage.REDIS, DebianPackage.REDIS_CLI);
    return switch (bench) {
      case "drain" ->
          List.of(DebianPackage.REDIS, DebianPackage.REDIS_CLI, DebianPackage.REDIS_BENCHMARK);
      case "restore" -> redis;
      case "footprint" ->
          container
              ? List.of(
                  DebianPackage.REDIS,
                  DebianPackage.REDIS_CLI,
                  DebianPackage.PODMAN,
                  DebianPackage.RUNC)
              : redis;
      case "proxy" -> List.of(DebianPackage.WRK, DebianPackage.NGINX);
      case "memory" -> List.of(DebianPackage.NGINX);
      case "steering" ->
          processes ? List.of(DebianPackage.HAPROXY, DebianPackage.REDIS) : List.of();
      default -> throw new IllegalArgumentException(bench);
    };
  }
}
