package dev.handoff.loadtest.bench;

import java.io.PrintStream;
import java.nio.file.Path;

/** Not written yet. */
final class SteeringBench {
  SteeringBench(Path out, int clients, int pods, PrintStream log) {}

  String run() {
    return "not measured yet\n";
  }
}
