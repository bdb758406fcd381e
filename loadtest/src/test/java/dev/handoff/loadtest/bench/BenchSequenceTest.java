package dev.handoff.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.loadtest.cluster.MissingServerException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bench all} runs to its end: a failing benchmark ends itself only and is listed again at
 * the end.
 */
class BenchSequenceTest {
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final BenchSequence sequence =
      new BenchSequence(new PrintStream(stderr, true, StandardCharsets.UTF_8));
  private final List<String> ran = new ArrayList<>();

  @Test
  void theBenchmarksAfterAFailedOneStillRunAndTheFailureIsReportedAtTheEnd() {
    int code =
        sequence.run(
            List.of(
                step("drain"),
                failing("restore", new IllegalStateException("no hello\nwithin 10 s")),
                step("footprint")));

    assertThat(ran).containsExactly("drain", "restore", "footprint");
    assertThat(code).isEqualTo(BenchSequence.FAILED);
    assertThat(err())
        .containsExactly(
            "bench restore: failed: no hello | within 10 s",
            "bench: 1 of 3 benchmarks did not finish: restore failed: no hello | within 10 s");
  }

  @Test
  void aMissingToolGivesItsOwnExitCodeEvenBesideOtherFailures() {
    int code =
        sequence.run(
            List.of(
                failing("proxy", new MissingServerException("wrk is not installed")),
                failing("memory", new IllegalStateException("nginx not ready"))));

    assertThat(code).isEqualTo(BenchSequence.MISSING_TOOL);
    assertThat(err().get(0)).isEqualTo("bench proxy: cannot run: wrk is not installed");
  }

  @Test
  void aFailureIsOneLineWithItsCauses() {
    RuntimeException e =
        new IllegalStateException(
            "clients did not connect", new java.util.concurrent.TimeoutException("after 120 s"));

    assertThat(BenchSequence.oneLine(e)).isEqualTo("clients did not connect: after 120 s");
  }

  @Test
  void allFinishedIsExitZeroAndSilent() {
    assertThat(sequence.run(List.of(step("drain"), step("memory")))).isEqualTo(BenchSequence.OK);
    assertThat(err()).isEmpty();
  }

  private BenchSequence.Benchmark step(String name) {
    return new BenchSequence.Benchmark(name, () -> ran.add(name));
  }

  private BenchSequence.Benchmark failing(String name, RuntimeException e) {
    return new BenchSequence.Benchmark(
        name,
        () -> {
          ran.add(name);
          throw e;
        });
  }

  private List<String> err() {
    return stderr.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
