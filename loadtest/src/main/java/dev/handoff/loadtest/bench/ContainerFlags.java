package dev.handoff.loadtest.bench;

import java.util.List;

/** The JVM flags of sidecar/Dockerfile (JAVA_TOOL_OPTIONS), so child JVMs run as the container would. */
final class ContainerFlags {
  static final List<String> SIDECAR = List.of("-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1",
      "-Xmx96m");

  private ContainerFlags() {}
}
