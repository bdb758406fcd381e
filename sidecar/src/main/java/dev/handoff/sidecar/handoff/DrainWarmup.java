package dev.handoff.sidecar.handoff;

import dev.handoff.contract.RedisKeys;
import java.io.IOException;
import java.security.SecureRandom;
import java.text.SimpleDateFormat;
import java.util.Date;

/**
 * A pod's drain is always its first: without this, it runs its per-socket code (frame parsing,
 * envelope, token, key hash, control frames, the restore's envelope decoding) interpreted, loads
 * its classes and seeds its random source while thousands of clients wait. Run once, off the event
 * loops, soon after start, it does that work on made-up data: nothing is stored, logged, counted or
 * sent. Its time stamps are formatted as the hand-off's log line's are, and dropped.
 */
final class DrainWarmup {
  /**
   * Enough calls for the JIT to compile the hot methods (C1 compiles after some hundreds to
   * thousands).
   */
  static final int ROUNDS = 3000;

  /** slf4j-simple's time stamp in the sidecar's {@code simplelogger.properties}. */
  static final String LINE_TIME = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";

  private DrainWarmup() {}

  /** Returns a checksum of the work, so none of it is dead code. */
  static long run(String app, int maxStateBytes) {
    ControlFrameParser parser = new ControlFrameParser(Math.max(maxStateBytes, 4096));
    JsonScan restoreScan = new JsonScan(128, Integer.MAX_VALUE);
    HandoffToken tokens = new HandoffToken(new SecureRandom());
    String frame =
        "\0{\"t\":\"state\",\"pageVersion\":1,\"state\":{\"form\":{\"name\":\"warm\",\"n\":1,\"ok\":true,"
            + "\"list\":[1,2.5,null,\"x\"]},\"draft\":\""
            + "w".repeat(1800)
            + "\"}}";
    // The drain reads frames from their bytes (ControlFrameBytes): that is the path to compile.
    byte[] frameBytes = frame.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    // The text format's provider, slf4j-simple, stamps every line (one per hand-off) with
    // SimpleDateFormat (simplelogger.properties' dateTimeFormat): a profile of a first drain found
    // C2
    // compiling its subFormat for over a second of the drain. Any instance compiles the same code.
    SimpleDateFormat lineTime = new SimpleDateFormat(LINE_TIME);
    long sum = 0;
    for (int i = 0; i < ROUNDS; i++) {
      try {
        ControlFrame parsed = parser.parse(frameBytes);
        String token = tokens.next();
        String key = RedisKeys.snapshot(app, HandoffToken.hash(token));
        String envelope =
            new SnapshotEnvelope(app, 1, i, parsed.pageVersion(), null, parsed.state()).encode();
        SnapshotEnvelope back = SnapshotEnvelope.decode(restoreScan, envelope);
        sum +=
            key.length()
                + back.state().length()
                + parsed.stateBytes()
                + SessionControl.drain(1000).length()
                + SessionControl.handoff(token, i, 1000).length()
                + SessionControl.helloRestored(app, 2, 1, back.state()).length()
                + HandoffSession.reconnectDelay(java.time.Duration.ofMillis(1000))
                + (HandoffToken.isWellFormed(token) ? 1 : 0)
                + lineTime.format(new Date(1_700_000_000_000L + i * 1_013L)).length();
      } catch (ControlFrameException | IOException e) {
        throw new IllegalStateException("the warm-up frame must parse", e);
      }
    }
    return sum;
  }
}
