package dev.handoff.sidecar.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.handoff.sidecar.handoff.ControlFrame;
import dev.handoff.sidecar.handoff.ControlFrameException;
import dev.handoff.sidecar.handoff.ControlFrameParser;
import dev.handoff.sidecar.handoff.JsonScan;
import dev.handoff.sidecar.handoff.SnapshotEnvelope;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the control-frame parser and the snapshot envelope decoder: whatever comes in, the answer
 * is a parsed value or a clear, known rejection, never a crash. CI runs a bounded number of inputs;
 * a longer run: {@code ./mvnw -pl sidecar test -Dtest=HostileInputFuzzTest
 * -Dhandoff.fuzz.inputs=5000000}.
 */
class HostileInputFuzzTest {
  private static final int INPUTS = Integer.getInteger("handoff.fuzz.inputs", 200_000);
  private static final long SEED = Long.getLong("handoff.fuzz.seed", 20261125L);
  private static final Set<String> CODES =
      Set.of(
          ControlFrameParser.MALFORMED,
          ControlFrameParser.UNKNOWN_TYPE,
          ControlFrameParser.INVALID_STATE,
          ControlFrameParser.STATE_TOO_LARGE);

  @Test
  void controlFrameParserRejectsEveryMalformedFrameWithAKnownCode() {
    ControlFrameParser parser = new ControlFrameParser(2048);
    MutationFuzzer fuzzer =
        new MutationFuzzer(
            SEED,
            List.of(
                "{\"t\":\"state\",\"state\":{\"form\":{\"name\":\"Zoë\",\"n\":[1,2,{\"x\":null}]}},\"pageVersion\":7}",
                "{\"t\":\"checkpoint\",\"state\":{\"a\":\"b\\u00e9\\n\",\"b\":true,\"c\":-1.5e3}}",
                "{\"t\":\"state\",\"state\":{}}"));
    int parsed = 0;
    for (int i = 0; i < INPUTS; i++) {
      // Every input is a control frame: the U+0000 mark is what routed it to the parser.
      String input = "\0" + fuzzer.next();
      try {
        ControlFrame frame = parser.parse(input);
        // Whatever was accepted is sound: an object state, within the limit, found in the input as
        // is.
        assertThat(frame.state()).startsWith("{").endsWith("}");
        assertThat(input).contains(frame.state());
        parsed++;
      } catch (ControlFrameException e) {
        if (!CODES.contains(e.code())) fail("unknown code " + e.code() + " for input #" + i);
        assertThat(e.getMessage()).isNotBlank();
      } catch (RuntimeException | StackOverflowError e) {
        fail("input #" + i + " (seed " + SEED + ") crashed the parser: " + e, e);
      }
    }
    assertThat(parsed).as("the fuzzer also reaches inputs that parse").isPositive();
  }

  @Test
  void envelopeDecoderRejectsEveryDamagedEnvelopeWithAnIoError() {
    JsonScan scan = new JsonScan(128, Integer.MAX_VALUE);
    String valid =
        new SnapshotEnvelope("demo", 7, 1764000000000L, 7L, null, "{\"form\":{\"a\":\"1\"}}")
            .encode();
    MutationFuzzer fuzzer =
        new MutationFuzzer(
            SEED + 1,
            List.of(valid, new SnapshotEnvelope("demo", 8, 1L, null, "abc", "{}").encode()));
    for (int i = 0; i < INPUTS; i++) {
      String input = fuzzer.next();
      try {
        SnapshotEnvelope e = SnapshotEnvelope.decode(scan, input);
        assertThat(e.app()).isNotNull();
        assertThat(input).contains(e.state());
      } catch (IOException expected) {
        // a clear rejection: the restore answers "expired" and counts it as invalid
      } catch (RuntimeException | StackOverflowError e) {
        fail("input #" + i + " (seed " + SEED + ") crashed the decoder: " + e, e);
      }
    }
  }
}
