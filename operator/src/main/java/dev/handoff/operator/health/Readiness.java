package dev.handoff.operator.health;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/** Named conditions that all must hold before the operator takes admission traffic. */
public final class Readiness {

  private final Map<String, BooleanSupplier> checks = new ConcurrentHashMap<>();

  public void require(String name, BooleanSupplier check) {
    checks.put(name, check);
  }

  /** The names of the checks that do not hold yet; empty when ready. */
  public List<String> failing() {
    return checks.entrySet().stream()
        .filter(entry -> !entry.getValue().getAsBoolean())
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }
}
