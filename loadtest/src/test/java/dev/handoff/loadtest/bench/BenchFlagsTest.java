package dev.handoff.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.loadtest.cluster.Tools;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * bench's options: one picocli declaration; a flag it does not know is refused (it used to be
 * ignored).
 */
class BenchFlagsTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Tools none = new Tools(List.of(), p -> Optional.of("not here"));

  private int run(String... args) {
    return BenchCommand.run(
        List.of(args),
        none,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void helpListsEveryOptionWithItsDefault() {
    assertThat(run("--help")).isEqualTo(BenchSequence.OK);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("bench <drain|restore|footprint|proxy|memory|steering|all>")
        .contains(
            "--sizes=N[,N...]",
            "(1000,5000,9800)",
            "--cluster=jvm|processes",
            "--container=IMAGE",
            "2 usage; 3 a tool it needs is missing");
    assertThat(run()).isEqualTo(BenchSequence.USAGE);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "drain --repeat x          | bench: --repeat 'x' is not an int",
        "drain --no-such-flag 1    | bench: unknown flag --no-such-flag (see bench --help)",
        "steering --cluster pods   | bench: --cluster wants jvm or processes, got pods",
        "drain --quiet-log maybe   | bench: --quiet-log wants on or off, got maybe",
      })
  void aBadOptionIsOneLineAndExitCodeTwo(String args, String line) {
    assertThat(run(args.trim().split(" +"))).isEqualTo(BenchSequence.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8).strip().lines()).containsExactly(line);
  }
}
