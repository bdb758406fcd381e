package dev.handoff.loadtest.bench;

import java.util.List;

/** The JVM flags of sidecar/Dockerfile (JAVA_TOOL_OPTIONS), so child JVMs run as the container would. */
final class ContainerFlags {
  static final List<String> SIDECAR = List.of("-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1",
      "-Xmx96m");

  private ContainerFlags() {}

  /**
   * The container's flags with another heap limit: at -Xmx96m a sidecar holding about 3,000 proxied
   * sockets runs out of heap (measured: OutOfMemoryError during the 5,000-socket drain run), so the
   * drain benchmark needs a larger heap to reach 10,000 sockets at all.
   */
  static List<String> withHeap(String xmx) {
    return SIDECAR.stream().map(f -> f.startsWith("-Xmx") ? "-Xmx" + xmx : f).toList();
  }
}
