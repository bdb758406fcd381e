package dev.handoff.loadtest.bench;

import dev.handoff.loadtest.cluster.MissingServerException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs benchmarks one after another. A benchmark that fails ends itself only: one line says why,
 * the next one runs, and the failures are listed again at the end, so {@code bench all} always runs
 * to its end.
 */
final class BenchSequence {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  /**
   * A tool a benchmark needs is missing and could not be installed (as rolling-deploy's
   * CANNOT_START).
   */
  static final int MISSING_TOOL = 3;

  /** One benchmark: its name and what it does (throws when it cannot finish). */
  record Benchmark(String name, Runnable body) {}

  private record Failure(String name, String line, boolean missingTool) {}

  private final PrintStream err;

  BenchSequence(PrintStream err) {
    this.err = err;
  }

  int run(List<Benchmark> benchmarks) {
    List<Failure> failures = new ArrayList<>();
    for (Benchmark b : benchmarks) {
      try {
        b.body().run();
      } catch (MissingServerException e) {
        failures.add(report(b.name(), "cannot run: " + oneLine(e), true));
      } catch (RuntimeException e) {
        failures.add(report(b.name(), "failed: " + oneLine(e), false));
      }
    }
    if (benchmarks.size() > 1 && !failures.isEmpty()) {
      err.println(
          "bench: "
              + failures.size()
              + " of "
              + benchmarks.size()
              + " benchmarks did not finish: "
              + String.join("; ", failures.stream().map(f -> f.name() + " " + f.line()).toList()));
    }
    if (failures.stream().anyMatch(Failure::missingTool)) return MISSING_TOOL;
    return failures.isEmpty() ? OK : FAILED;
  }

  private Failure report(String name, String line, boolean missingTool) {
    err.println("bench " + name + ": " + line);
    return new Failure(name, line, missingTool);
  }

  /** The exception's message and its causes', on one line (a tool's output can have many). */
  static String oneLine(Throwable e) {
    StringBuilder s = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (s.indexOf(m) >= 0) continue;
      if (!s.isEmpty()) s.append(": ");
      s.append(m);
    }
    String flat = s.toString().replaceAll("\\s*\\R\\s*", " | ");
    return flat.length() > 400 ? flat.substring(0, 400) + "…" : flat;
  }
}
