package dev.handoff.loadtest.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's resident memory the way the kernel reports it, so JVM and nginx are measured alike. */
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
}
