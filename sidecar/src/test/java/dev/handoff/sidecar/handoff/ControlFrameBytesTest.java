package dev.handoff.sidecar.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.contract.ControlFrames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Control frames read from their bytes must get the answer the String path (Jackson over the
 * decoded text) gives: the same frame, or the same error code and message.
 */
class ControlFrameBytesTest {
  private static final int MAX = 64;
  private final ControlFrameParser parser = new ControlFrameParser(MAX);
  private final ControlFrameBytes bytes =
      new ControlFrameBytes(MAX, MAX + 1024, ControlFrames.MAX_DEPTH);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** What a parse ends in, comparable: the frame, or the error's code and message. */
  private static String outcome(Parse parse) {
    try {
      return "frame " + parse.run();
    } catch (ControlFrameException e) {
      return "error " + e.code() + ": " + e.getMessage();
    }
  }

  @FunctionalInterface
  private interface Parse {
    ControlFrame run() throws ControlFrameException;
  }

  private String fromBytes(byte[] frame) {
    return outcome(() -> parser.parse(frame));
  }

  private String fromText(byte[] frame) {
    String text = new String(frame, StandardCharsets.UTF_8);
    return outcome(() -> parser.parse(text));
  }

  @Test
  void plainFramesAreReadFromTheirBytesAsTheTextPathReadsThem() {
    List<String> frames =
        List.of(
            "\0{\"t\":\"state\",\"state\":{}}",
            "\0{\"t\":\"checkpoint\",\"state\":{\"v\":1}}",
            "\0 {\n\"t\" : \"state\" ,\t\"pageVersion\": 7, \"state\": {\"a\" : [1, -2.5e3, true]} }\r\n",
            "\0{\"state\":{\"x\":null},\"t\":\"state\",\"pageVersion\":-0}",
            "\0{\"t\":\"state\",\"pageVersion\":1.5,\"state\":{}}",
            "\0{\"t\":\"state\",\"pageVersion\":\"3\",\"state\":{}}",
            "\0{\"t\":\"state\",\"other\":{\"deep\":[[{}]]},\"more\":\"text\",\"state\":{}}",
            "\0{\"t\":\"dance\",\"t\":\"state\",\"state\":[1],\"state\":{\"last\":\"wins\"}}",
            "\0{\"t\":\"state\",\"pageVersion\":1,\"pageVersion\":false,\"state\":{}}",
            "\0{\"t\":\"state\",\"state\":{\"é\":\"Zoë € 🎉\",\"esc\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\"}}",
            "\0{\"t\":\"state\",\"pageVersion\":123456789012345678,\"state\":{\"n\":1E+2}}");
    for (String f : frames) {
      byte[] frame = utf8(f);
      assertThat(bytes.read(frame)).as(f).isNotNull();
      assertThat(fromBytes(frame)).as(f).isEqualTo(fromText(frame));
    }
  }

  @Test
  void theStateIsTheClientsTextByteForByteWithItsSize() throws Exception {
    String state =
        "{\"name\":\"Zoë €\", \"emoji\":\"🎉\", \"esc\":\"a\\\"b\\u0041\", \"list\":[1, {}]}";
    ControlFrame frame =
        new ControlFrameParser(4096).parse(utf8("\0{\"t\":\"state\",\"state\":" + state + "}"));
    assertThat(frame.state()).isEqualTo(state);
    assertThat(frame.stateBytes()).isEqualTo(utf8(state).length);
  }

  @Test
  void everyErrorCodeComesWithTheTextPathsCodeAndMessage() {
    List<byte[]> frames = new ArrayList<>();
    for (String f :
        List.of(
            "\0not json",
            "\0",
            "\0{}",
            "\0[]",
            "\0{\"state\":{}}",
            "\0{\"t\":1,\"state\":{}}",
            "\0{\"t\":null,\"state\":{}}",
            "\0{\"t\":\"state\",\"state\":{}} x",
            "\0{\"t\":\"state\",\"state\":{}}{}",
            "\0{\"t\":\"state\",\"state\":{},}",
            "\0{\"t\":\"state\",\"state\":{\"a\":01}}",
            "\0{\"t\":\"state\",\"state\":{\"a\":+1}}",
            "\0{\"t\":\"state\",\"state\":{\"a\":.5}}",
            "\0{\"t\":\"state\",\"state\":{\"a\":1.}}",
            "\0{\"t\":\"state\",\"state\":{\"a\":truex}}",
            "\0{\"t\":\"state\",\"state\":{\"a\":\"\\x\"}}",
            "\0{\"t\":\"state\",\"state\":{\"a\":\"\\u12\"}}",
            "\0{\"t\":\"state\",\"state\":{\"a\":\"tab\there\"}}",
            "\0{\"t\":\"state\",\"state\":{'a':1}}",
            "\0{\"t\":\"state\",\"state\":{\"a\":1 /* c */}}",
            "\0{\"t\":\"state\",\"pageVersion\":99999999999999999999,\"state\":{}}",
            "\0{\"t\":\"dance\",\"state\":{}}",
            "\0{\"t\":\"st\\u0061te\",\"state\":{}}",
            "\0{\"t\":\"d\\u0061nce\",\"state\":{}}",
            "\0{\"t\":\"state\",\"state\":[1]}",
            "\0{\"t\":\"state\",\"state\":\"{}\"}",
            "\0{\"t\":\"checkpoint\"}",
            "\0{\"t\":\"state\",\"state\":{\"x\":\"" + "y".repeat(MAX) + "\"}}",
            "\0{\"t\":\"state\",\"pad\":\"" + "p".repeat(2 * MAX) + "\",\"state\":{}}",
            "\0{\"t\":\"state\",\"state\":{}," + " ".repeat(MAX + 1024) + "}",
            "\0{\"t\":\"state\",\"state\":" + "[".repeat(70) + "]".repeat(70) + "}")) {
      frames.add(utf8(f));
    }
    // Invalid UTF-8: outside a string, inside the state, and inside t.
    frames.add(new byte[] {0, (byte) 0x80, (byte) 0xC0, (byte) 0xAF});
    frames.add(concat(utf8("\0{\"t\":\"state\",\"state\":{\"a\":\""), bad(), utf8("\"}}")));
    frames.add(concat(utf8("\0{\"t\":\"sta"), bad(), utf8("te\",\"state\":{}}")));
    Set<String> codes = new TreeSet<>();
    for (byte[] frame : frames) {
      String text = new String(frame, StandardCharsets.UTF_8);
      String expected = fromText(frame);
      assertThat(fromBytes(frame)).as(text).isEqualTo(expected);
      if (expected.startsWith("error ")) {
        assertThat(bytes.read(frame)).as("an error is the text path's to give: " + text).isNull();
        codes.add(expected.substring(6, expected.indexOf(':')));
      }
    }
    assertThat(codes)
        .containsExactlyInAnyOrder(
            ControlFrameParser.MALFORMED,
            ControlFrameParser.UNKNOWN_TYPE,
            ControlFrameParser.INVALID_STATE,
            ControlFrameParser.STATE_TOO_LARGE);
  }

  /** A lone continuation byte, an overlong '/', an encoded surrogate, and a cut-off sequence. */
  private static byte[] bad() {
    return new byte[] {
      (byte) 0x80, (byte) 0xC0, (byte) 0xAF, (byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xE2
    };
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) n += p.length;
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  @Test
  void invalidUtf8InTheStateIsStoredAsTheTextPathDecodedIt() throws Exception {
    byte[] frame = concat(utf8("\0{\"t\":\"state\",\"state\":{\"a\":\""), bad(), utf8("\"}}"));
    assertThat(bytes.read(frame)).isNull();
    ControlFrame parsed = parser.parse(frame);
    assertThat(parsed.state()).contains("\uFFFD");
    assertThat(parsed)
        .isEqualTo(parser.parse(new String(frame, StandardCharsets.UTF_8)))
        .extracting(ControlFrame::stateBytes)
        .isEqualTo(utf8(parsed.state()).length);
  }

  @Test
  void theLimitsEdgesAgreeWithTheTextPath() {
    List<String> frames = new ArrayList<>();
    String open = "\0{\"t\":\"state\",\"state\":";
    for (int pad = MAX - 12; pad <= MAX - 6; pad++) {
      frames.add(open + "{\"x\":\"" + "y".repeat(pad) + "\"}}");
      frames.add(open + "{\"x\":\"" + "é".repeat(pad / 2) + "\"}}");
    }
    for (int depth = 55; depth <= 70; depth++) {
      frames.add(open + "{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}}");
    }
    for (int digits = 15; digits <= 22; digits++) {
      frames.add(open + "{\"n\":" + "9".repeat(digits) + "}}");
      frames.add("\0{\"t\":\"state\",\"pageVersion\":-" + "9".repeat(digits) + ",\"state\":{}}");
      frames.add(open + "{\"n\":1." + "5".repeat(digits) + "}}");
    }
    for (int room = 1010; room <= 1040; room++) {
      frames.add("\0{\"t\":\"state\",\"state\":{}" + " ".repeat(room) + "}");
    }
    ControlFrameParser roomy = new ControlFrameParser(8192);
    for (int name = 1020; name <= 1030; name++) {
      byte[] frame = utf8(open + "{\"" + "k".repeat(name) + "\":1}}");
      String text = new String(frame, StandardCharsets.UTF_8);
      assertThat(outcome(() -> roomy.parse(frame))).isEqualTo(outcome(() -> roomy.parse(text)));
    }
    for (String f : frames) {
      byte[] frame = utf8(f);
      assertThat(fromBytes(frame)).as(f).isEqualTo(fromText(frame));
    }
  }

  @Test
  void anyMangledFrameGetsTheTextPathsAnswer() {
    Random random = new Random(16);
    List<byte[]> seeds =
        List.of(
            utf8(
                "\0{\"t\":\"state\",\"pageVersion\":12,\"state\":{\"a\":[1,-2.5e3,true,null],\"b\":\"é€🎉\\n\"}}"),
            utf8("\0{\"t\":\"checkpoint\",\"state\":{\"draft\":\"xxxxxxxx\",\"o\":{\"p\":{}}}}"),
            utf8("\0 { \"state\" : { } , \"t\" : \"state\" } "));
    byte[] alphabet =
        concat(
            utf8("\"\\{}[],:0123456789-+.eEtrufalsn u/x "),
            new byte[] {
              0, 9, 10, 13, 0x1f, 0x7f, (byte) 0x80, (byte) 0xBF, (byte) 0xC3, (byte) 0xE2
            },
            new byte[] {(byte) 0xED, (byte) 0xF0, (byte) 0xF4, (byte) 0xF5, (byte) 0xFF});
    int decidedFromBytes = 0;
    for (int round = 0; round < 20_000; round++) {
      byte[] frame = seeds.get(random.nextInt(seeds.size())).clone();
      for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
        int at = 1 + random.nextInt(frame.length - 1);
        byte b = alphabet[random.nextInt(alphabet.length)];
        frame =
            switch (random.nextInt(3)) {
              case 0 -> {
                frame[at] = b;
                yield frame;
              }
              case 1 -> concat(slice(frame, 0, at), new byte[] {b}, slice(frame, at, frame.length));
              default -> concat(slice(frame, 0, at), slice(frame, at + 1, frame.length));
            };
        if (frame.length < 2) break;
      }
      byte[] mangled = frame;
      assertThat(fromBytes(mangled))
          .as(new String(mangled, StandardCharsets.ISO_8859_1))
          .isEqualTo(fromText(mangled));
      if (bytes.read(mangled) != null) decidedFromBytes++;
    }
    // Both kinds were met: frames still plain after the edits, and frames the text path decides.
    assertThat(decidedFromBytes).isBetween(500, 19_500);
  }

  private static byte[] slice(byte[] b, int from, int to) {
    byte[] out = new byte[to - from];
    System.arraycopy(b, from, out, 0, out.length);
    return out;
  }
}
