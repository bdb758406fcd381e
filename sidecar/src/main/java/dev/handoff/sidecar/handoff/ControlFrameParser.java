package dev.handoff.sidecar.handoff;

import dev.handoff.contract.ControlFrames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Parses client control frames, rejecting anything malformed, unknown or over the state limit. */
public final class ControlFrameParser {
  public static final String STATE_TOO_LARGE = ControlFrames.STATE_TOO_LARGE;
  public static final String MALFORMED = ControlFrames.MALFORMED_FRAME;
  public static final String UNKNOWN_TYPE = ControlFrames.UNKNOWN_TYPE;
  public static final String INVALID_STATE = ControlFrames.INVALID_STATE;
  public static final String RATE_LIMITED = ControlFrames.RATE_LIMITED;

  /** Room for the frame's own fields around the state. */
  private static final int ENVELOPE_ALLOWANCE = 1024;

  private final int maxStateBytes;
  private final JsonScan scan;
  private final ControlFrameBytes bytes;

  public ControlFrameParser(int maxStateBytes) {
    this.maxStateBytes = maxStateBytes;
    this.scan = new JsonScan(ControlFrames.MAX_DEPTH, maxStateBytes);
    this.bytes =
        new ControlFrameBytes(
            maxStateBytes, maxStateBytes + ENVELOPE_ALLOWANCE, ControlFrames.MAX_DEPTH);
  }

  /**
   * A control frame as it came off the wire: {@code utf8} starts with the U+0000 byte. Plain, valid
   * frames are read from the bytes; the rest (every error among them) as the decoded text, as
   * before, so each answer is the one {@link #parse(String)} gives for the same frame.
   */
  public ControlFrame parse(byte[] utf8) throws ControlFrameException {
    ControlFrame frame = bytes.read(utf8);
    // A client's invalid UTF-8 decodes to U+FFFD here, as the relay's decoding did.
    return frame != null ? frame : parse(new String(utf8, StandardCharsets.UTF_8));
  }

  /**
   * @param text a text frame that {@link ControlFrame#isControl starts with U+0000}
   */
  public ControlFrame parse(String text) throws ControlFrameException {
    // A string never has more chars than UTF-8 bytes, so an over-long frame is rejected before
    // parsing.
    if (text.length() - 1 > maxStateBytes + ENVELOPE_ALLOWANCE) {
      throw tooLarge();
    }
    Map<String, Object> fields;
    try {
      fields = scan.fields(text, 1);
    } catch (IOException | RuntimeException e) {
      throw new ControlFrameException(
          MALFORMED, "a control frame must be U+0000 followed by one JSON object");
    }
    Object t = fields.get(ControlFrames.TYPE);
    if (!(t instanceof String type)) {
      throw new ControlFrameException(MALFORMED, "a control frame needs a string field 't'");
    }
    ControlFrame.Type kind =
        switch (type) {
          case ControlFrames.STATE -> ControlFrame.Type.STATE;
          case ControlFrames.CHECKPOINT -> ControlFrame.Type.CHECKPOINT;
          default -> throw new ControlFrameException(UNKNOWN_TYPE, "unknown control frame type");
        };
    if (!(fields.get(ControlFrames.STATE_FIELD) instanceof JsonScan.Raw raw)
        || !raw.text().startsWith("{")) {
      throw new ControlFrameException(
          INVALID_STATE, "'" + type + "' needs an object field 'state'");
    }
    int bytes = JsonScan.utf8Length(raw.text());
    if (bytes > maxStateBytes) {
      throw tooLarge();
    }
    Long pageVersion = fields.get(ControlFrames.PAGE_VERSION) instanceof Long v ? v : null;
    return new ControlFrame(kind, raw.text(), pageVersion, bytes);
  }

  public ControlFrameException tooLarge() {
    return new ControlFrameException(
        STATE_TOO_LARGE, "state is larger than " + maxStateBytes + " bytes");
  }
}
