package dev.handoff.loadtest.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A process's memory cgroup as the kernel accounts it (what a pod's limit is checked against: RSS
 * plus the page cache it touched), read from the host; cgroup v1 (this machine) or v2.
 */
final class MemoryCgroup {
  private final Path dir;
  private final boolean v2;

  private MemoryCgroup(Path dir, boolean v2) {
    this.dir = dir;
    this.v2 = v2;
  }

  /** The memory cgroup of {@code pid}, from /proc/<pid>/cgroup. */
  static MemoryCgroup of(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup"))) {
        String[] parts = line.split(":", 3);
        if (parts.length < 3) continue;
        if (java.util.Arrays.asList(parts[1].split(",")).contains("memory")) {
          return new MemoryCgroup(Path.of("/sys/fs/cgroup/memory" + parts[2]), false);
        }
        if (parts[0].equals("0") && parts[1].isEmpty())
          return new MemoryCgroup(Path.of("/sys/fs/cgroup" + parts[2]), true);
      }
    } catch (IOException e) {
      // gone already: no cgroup to read
    }
    return new MemoryCgroup(Path.of("/nonexistent"), false);
  }

  OptionalLong usageBytes() {
    return read(v2 ? "memory.current" : "memory.usage_in_bytes");
  }

  OptionalLong limitBytes() {
    return read(v2 ? "memory.max" : "memory.limit_in_bytes");
  }

  private OptionalLong read(String file) {
    try {
      String text = Files.readString(dir.resolve(file)).trim();
      return text.equals("max") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
