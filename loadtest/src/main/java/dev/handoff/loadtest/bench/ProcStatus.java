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

  /**
   * CPU time the process has used so far, user and system apart, in milliseconds: fields 14 and 15
   * of /proc/<pid>/stat (all threads, clock ticks of 10 ms); null when it is gone.
   */
  static CpuTime cpu(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new CpuTime(Long.parseLong(rest[14 - 3]) * 10, Long.parseLong(rest[15 - 3]) * 10);
    } catch (IOException e) {
      return null;
    }
  }

  /** User and system CPU milliseconds. */
  record CpuTime(long userMillis, long systemMillis) {
    CpuTime minus(CpuTime before) {
      return new CpuTime(userMillis - before.userMillis, systemMillis - before.systemMillis);
    }
  }
}
