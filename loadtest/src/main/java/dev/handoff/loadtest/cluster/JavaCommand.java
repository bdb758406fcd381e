package dev.handoff.loadtest.cluster;

import java.nio.file.Path;
import java.util.List;

/**
 * The command line of a pod's container: this JVM's java with its own class path (the shaded jar when run
 * with {@code -jar}, the module's classes in tests), tuned small as a container would be.
 */
final class JavaCommand {
  private JavaCommand() {}

  static List<String> of(String mainClass) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xmx256m",
        "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"), mainClass);
  }
}
