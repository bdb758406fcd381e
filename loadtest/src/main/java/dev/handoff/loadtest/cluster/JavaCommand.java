package dev.handoff.loadtest.cluster;

import java.nio.file.Path;
import java.util.List;

/**
 * The command line of a pod's container: this JVM's java with its own class path (the shaded jar
 * when run with {@code -jar}, the module's classes in tests), tuned small as a container would be.
 */
final class JavaCommand {
  private JavaCommand() {}

  static List<String> of(String mainClass) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // The heap of the default sidecar container (70 % of 512Mi): a pod drained with ~7,000 sockets
    // ran out of
    // a 256m heap in a 10,000-client soak (about 29 KiB per proxied socket, see
    // docs/BENCHMARKS.md).
    return List.of(
        java,
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-Xss512k",
        "-Xmx358m",
        "-XX:-UsePerfData",
        "-cp",
        System.getProperty("java.class.path"),
        mainClass);
  }
}
