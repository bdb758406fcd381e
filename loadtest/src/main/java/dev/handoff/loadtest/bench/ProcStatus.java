package dev.handoff.loadtest.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a process's resident memory the way the kernel reports it, so JVM and nginx are measured
 * alike.
 */
final class ProcStatus {
  private ProcStatus() {}

  static long rssKib(long pid) {
    return field(pid, "VmRSS:");
  }

  static long field(long pid, String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(name)) return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  /** Milliseconds since boot, from /proc/uptime (10 ms resolution). */
  static long uptimeMillis() {
    try {
      String first = Files.readString(Path.of("/proc/uptime")).trim().split("\\s+")[0];
      return Math.round(Double.parseDouble(first) * 1000);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * When the process started, in milliseconds since boot: field 22 of /proc/<pid>/stat, in clock
   * ticks (100 a second on Linux). ProcessHandle's start instant adds the boot time, which
   * /proc/stat gives in whole seconds.
   */
  static long startedMillisSinceBoot(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name (field 2) is in parentheses and may hold spaces: count from after its ')'.
      String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(rest[22 - 3]) * 10;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
