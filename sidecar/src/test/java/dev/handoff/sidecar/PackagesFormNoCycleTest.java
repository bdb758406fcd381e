package dev.handoff.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sidecar's packages depend on each other in one direction only (docs/ARCHITECTURE.md draws
 * it): the root package wires the others and nothing imports it back; the hand-off declares what it
 * needs of the proxy and the metrics as interfaces. A cycle would make a package impossible to read
 * or test on its own.
 */
class PackagesFormNoCycleTest {
  private static final Path MAIN = Path.of("src/main/java/dev/handoff/sidecar");
  private static final Pattern REFERENCE =
      Pattern.compile("dev\\.handoff\\.sidecar\\.(?:([a-z]\\w*)\\.)?[A-Z]");
  private static final String ROOT = "(root)";

  /** package → the packages its classes name. */
  static Map<String, Set<String>> dependencies() {
    Map<String, Set<String>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      files
          .filter(f -> f.toString().endsWith(".java"))
          .forEach(
              f -> {
                Path dir = MAIN.relativize(f.getParent());
                String from = dir.toString().isEmpty() ? ROOT : dir.toString().replace('/', '.');
                Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
                try {
                  Matcher m = REFERENCE.matcher(Files.readString(f));
                  while (m.find()) {
                    String target = m.group(1) == null ? ROOT : m.group(1);
                    if (!target.equals(from)) to.add(target);
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return graph;
  }

  @Test
  void noPackageReachesItselfThroughAnother() {
    assertThat(Files.isDirectory(MAIN)).as("run from the sidecar module").isTrue();
    Map<String, Set<String>> graph = dependencies();
    assertThat(graph).containsKeys(ROOT, "proxy", "handoff", "store", "config", "metrics", "admin");
    List<String> cycles = new ArrayList<>();
    for (String start : graph.keySet()) {
      List<String> path = new ArrayList<>(List.of(start));
      findCycle(graph, start, start, path, new TreeSet<>(), cycles);
    }
    assertThat(cycles).as("package cycles (each as a path back to its start)").isEmpty();
  }

  private static void findCycle(
      Map<String, Set<String>> graph,
      String start,
      String at,
      List<String> path,
      Set<String> seen,
      List<String> cycles) {
    for (String next : graph.getOrDefault(at, Set.of())) {
      if (next.equals(start)) {
        cycles.add(String.join(" -> ", path) + " -> " + start);
      } else if (seen.add(next)) {
        path.add(next);
        findCycle(graph, start, next, path, seen, cycles);
        path.remove(path.size() - 1);
      }
    }
  }
}
