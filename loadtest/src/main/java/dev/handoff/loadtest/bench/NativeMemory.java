package dev.handoff.loadtest.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a JVM's memory goes, by its own Native Memory Tracking ({@code jcmd <pid> VM.native_memory
 * summary}; the JVM must run with {@code -XX:NativeMemoryTracking=summary}): committed KiB per
 * category.
 */
final class NativeMemory {
  private static final Pattern CATEGORY =
      Pattern.compile("^-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)");
  private static final Pattern TOTAL =
      Pattern.compile("^Total: reserved=\\d+KB, committed=(\\d+)KB");

  private NativeMemory() {}

  /** The jcmd of the JDK this benchmark runs on. */
  static String jcmd() {
    return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
  }

  /** Committed KiB by category, largest first, "Total" first of all. */
  static Map<String, Long> committedKib(long pid) {
    return parse(Shell.run(List.of(jcmd(), Long.toString(pid), "VM.native_memory", "summary"), 30));
  }

  static Map<String, Long> parse(String summary) {
    Map<String, Long> byCategory = new LinkedHashMap<>();
    for (String line : summary.lines().toList()) {
      Matcher total = TOTAL.matcher(line.strip());
      if (total.find()) byCategory.put("Total", Long.parseLong(total.group(1)));
      Matcher m = CATEGORY.matcher(line.strip());
      if (m.find()) byCategory.put(m.group(1), Long.parseLong(m.group(2)));
    }
    Map<String, Long> sorted = new LinkedHashMap<>();
    byCategory.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  /** A markdown table of the categories of at least 0.1 MiB. */
  static String table(Map<String, Long> committedKib) {
    StringBuilder md = new StringBuilder("| NMT category | committed MiB |\n|---|---|\n");
    committedKib.forEach(
        (name, kib) -> {
          if (kib >= 100)
            md.append(String.format(Locale.ROOT, "| %s | %.1f |\n", name, kib / 1024.0));
        });
    return md.toString();
  }
}
