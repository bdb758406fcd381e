package dev.handoff.sidecar.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The parser reads control frames in place and sizes states without encoding them; both must agree
 * with the JDK.
 */
class ControlFrameScanTest {
  @Test
  void utf8LengthMatchesTheEncoderForAnyText() {
    Random random = new Random(7);
    String[] alphabet = {
      "a", "\"", "é", "€", "\uD83D\uDE00", "\u0000", "\\", "ß", "\u07FF", "\u0800"
    };
    for (int round = 0; round < 2000; round++) {
      StringBuilder b = new StringBuilder();
      for (int i = random.nextInt(40); i > 0; i--)
        b.append(alphabet[random.nextInt(alphabet.length)]);
      String s = b.toString();
      assertThat(JsonScan.utf8Length(s)).as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
    }
  }

  @Test
  void theStateComesBackByteForByteWithItsSize() throws Exception {
    ControlFrameParser parser = new ControlFrameParser(64);
    String state = "{\"name\":\"Zoë €\", \"list\":[1, {\"x\":null}]}";
    ControlFrame frame =
        parser.parse("\0{\"t\":\"state\",\"pageVersion\":3,\"state\":" + state + "}");
    assertThat(frame.type()).isEqualTo(ControlFrame.Type.STATE);
    assertThat(frame.state()).isEqualTo(state);
    assertThat(frame.pageVersion()).isEqualTo(3L);
    assertThat(frame.stateBytes()).isEqualTo(state.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void theSizeLimitCountsBytesNotChars() throws Exception {
    ControlFrameParser parser = new ControlFrameParser(20);
    // 14 chars, 20 bytes: fits exactly; one more two-byte char (16 chars, 22 bytes) does not.
    assertThat(parser.parse("\0{\"t\":\"checkpoint\",\"state\":{\"a\":\"éééééé\"}}").stateBytes())
        .isEqualTo(20);
    assertThatThrownBy(() -> parser.parse("\0{\"t\":\"checkpoint\",\"state\":{\"a\":\"ééééééé\"}}"))
        .isInstanceOf(ControlFrameException.class)
        .extracting("code")
        .isEqualTo(ControlFrameParser.STATE_TOO_LARGE);
  }

  @Test
  void readingFromAnOffsetSeesOnlyWhatFollowsIt() throws Exception {
    JsonScan scan = new JsonScan(8, 1000);
    String text = "garbage{\"a\":{\"b\":[1,2]},\"c\":\"d\"}";
    var fields = scan.fields(text, 7);
    assertThat(fields.get("a")).isEqualTo(new JsonScan.Raw("{\"b\":[1,2]}"));
    assertThat(fields.get("c")).isEqualTo("d");
    assertThatThrownBy(() -> scan.fields(text, 0)).isInstanceOf(java.io.IOException.class);
    assertThatThrownBy(() -> scan.fields(text + " x", 7)).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void theEnvelopeRoundTripsWithEveryOptionalField() throws Exception {
    JsonScan scan = new JsonScan(128, Integer.MAX_VALUE);
    SnapshotEnvelope full = new SnapshotEnvelope("demo\"app", 7, 123, 6L, "bind", "{\"k\":\"v\"}");
    SnapshotEnvelope bare = new SnapshotEnvelope("demo", 7, 123, null, null, "{}");
    assertThat(SnapshotEnvelope.decode(scan, full.encode())).isEqualTo(full);
    assertThat(SnapshotEnvelope.decode(scan, bare.encode())).isEqualTo(bare);
  }

  @Test
  void theWarmupRunsTheWholePathOnMadeUpData() {
    assertThat(DrainWarmup.run("demo", 65536)).isPositive();
  }

  @Test
  void theWarmupStampsTimesAsTheLogLinesAre() throws Exception {
    java.util.Properties simple = new java.util.Properties();
    try (var in =
        DrainWarmup.class.getClassLoader().getResourceAsStream("simplelogger.properties")) {
      simple.load(in);
    }
    assertThat(simple.getProperty("org.slf4j.simpleLogger.dateTimeFormat"))
        .isEqualTo(DrainWarmup.LINE_TIME);
  }
}
