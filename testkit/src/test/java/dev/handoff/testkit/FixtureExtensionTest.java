package dev.handoff.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle every extension of the testkit shares: once per class when static, once per test
 * otherwise.
 */
class FixtureExtensionTest {
  private final List<String> events = new ArrayList<>();

  private FixtureExtension<AutoCloseable> extension() {
    int[] n = {0};
    return FixtureExtension.of(
        "probe",
        () -> {
          String name = "fixture-" + ++n[0];
          events.add("start " + name);
          return () -> events.add("stop " + name);
        });
  }

  @Test
  void aStaticFieldStartsOneFixtureForTheWholeClass() {
    FixtureExtension<AutoCloseable> ext = extension();
    ext.beforeAll(null);
    for (int test = 0; test < 2; test++) {
      ext.beforeEach(null);
      assertThat(ext.get()).isNotNull();
      ext.afterEach(null);
    }
    ext.afterAll(null);
    assertThat(events).containsExactly("start fixture-1", "stop fixture-1");
  }

  @Test
  void anInstanceFieldStartsOneFixtureForEachTest() {
    for (int test = 0; test < 2; test++) {
      FixtureExtension<AutoCloseable> ext = extension();
      ext.beforeEach(null);
      ext.afterEach(null);
    }
    assertThat(events)
        .containsExactly("start fixture-1", "stop fixture-1", "start fixture-1", "stop fixture-1");
  }

  @Test
  void aFixtureIsReachableOnlyWhileItRuns() {
    FixtureExtension<AutoCloseable> ext = extension();
    assertThatThrownBy(ext::get)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("probe");
    ext.beforeAll(null);
    ext.afterAll(null);
    assertThatThrownBy(ext::get).isInstanceOf(IllegalStateException.class);
  }
}
