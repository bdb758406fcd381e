package dev.handoff.loadtest.bench;

import java.io.PrintStream;
import java.nio.file.Path;

/** Not written yet. */
final class ProxyBench {
  ProxyBench(Path jar, Path out, int n, PrintStream log) {}

  String run() {
    return "not measured yet\n";
  }
}
