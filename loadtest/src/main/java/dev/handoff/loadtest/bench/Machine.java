package dev.handoff.loadtest.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** The line every result carries: where and when it was measured, and how busy the machine was. */
public final class Machine {
  private Machine() {}

  public static String describe() {
    return "nproc "
        + Runtime.getRuntime().availableProcessors()
        + ", "
        + memTotal()
        + ", JDK "
        + System.getProperty("java.runtime.version")
        + ", load average "
        + loadAverage()
        + ", "
        + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  /** The 1-minute load average: the machine is shared, so a figure is only as quiet as this. */
  public static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  private static String memTotal() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return (kb / 1024) + " MiB RAM";
        }
      }
    } catch (IOException ignored) {
      // Only for the description.
    }
    return "? RAM";
  }
}
