package dev.handoff.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.contract.Setting;
import dev.handoff.contract.Settings;
import dev.handoff.sidecar.config.ConfigLoader;
import dev.handoff.sidecar.config.SidecarConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sidecar's command line: made from the contract's settings table, --help, --version, one-line
 * refusals.
 */
class MainCommandLineTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final List<String> flags = new ArrayList<>();

  private OptionalInt run(String... args) {
    return Main.commandLine(args, new PrintWriter(out), new PrintWriter(err), flags);
  }

  @Test
  void helpListsEverySettingWithItsVariableAndDefaultAndExitsZero() {
    assertThat(run("--help")).hasValue(0);
    assertThat(err.toString()).isEmpty();
    String help = out.toString().replaceAll("\\s+", " ");
    for (Setting<?> s : Settings.ALL) {
      assertThat(help).contains(s.flag(), s.variable());
    }
    assertThat(help).contains("[HANDOFF_DRAIN_TIMEOUT, default 20s]", "handoff-sidecar drain");
  }

  @Test
  void everyOptionIsASettingOfTheTableAndNoneIsDeclaredByHand() {
    List<String> names =
        Main.spec().options().stream()
            .map(o -> o.longestName())
            .filter(n -> !n.equals("--help") && !n.equals("-V"))
            .toList();
    assertThat(names).containsExactlyElementsOf(Settings.ALL.stream().map(Setting::flag).toList());
  }

  @ParameterizedTest
  @CsvSource({"--version", "-V", "--app=shop --version"})
  void versionAloneOrVPrintsOneLineAndExitsZero(String args) {
    assertThat(run(args.split(" "))).hasValue(0);
    assertThat(out.toString().strip().lines())
        .singleElement()
        .asString()
        .startsWith("handoff-sidecar ");
    assertThat(flags).isEmpty();
  }

  @Test
  void versionWithAValueIsStillTheAppsVersion() {
    assertThat(run("--version", "7", "--app", "shop")).isEmpty();
    assertThat(ConfigLoader.load(Map.of(), flags).version()).isEqualTo(7);
    flags.clear();
    assertThat(run("--version=8")).isEmpty();
    assertThat(flags).containsExactly("--version", "8");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--nope                 | handoff-sidecar: Unknown option: '--nope' (see handoff-sidecar --help)",
        "--drain-timeout        | handoff-sidecar: Missing required parameter for option '--drain-timeout' (<drain-timeout>) (see handoff-sidecar --help)",
        "stray                  | handoff-sidecar: Unmatched argument at index 0: 'stray' (see handoff-sidecar --help)",
      })
  void anUnknownOrMalformedFlagIsOneLineAndExitCodeTwo(String arg, String line) {
    assertThat(run(arg.split(" "))).hasValue(2);
    assertThat(err.toString().strip().lines()).containsExactly(line);
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void flagsReachTheLoaderWhichChecksTheirValuesAndTheLastOfTwoWins() {
    assertThat(
            run(
                "--app=shop",
                "--version-window",
                "2",
                "--drain-timeout",
                "9s",
                "--drain-timeout=5s"))
        .isEmpty();
    SidecarConfig config =
        ConfigLoader.load(Map.of("HANDOFF_VERSION", "3", "HANDOFF_APP", "ignored"), flags);
    assertThat(config.app()).isEqualTo("shop");
    assertThat(config.drainTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void noArgumentsAsInAPodAreNoFlagsAndPrintNothing() {
    assertThat(run()).isEmpty();
    assertThat(flags).isEmpty();
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).isEmpty();
  }
}
