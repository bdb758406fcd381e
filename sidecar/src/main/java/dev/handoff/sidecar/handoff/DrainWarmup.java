package dev.handoff.sidecar.handoff;

import dev.handoff.contract.RedisKeys;
import java.io.IOException;
import java.security.SecureRandom;

/**
 * A pod's drain is always its first: without this, it runs its per-socket code (frame parsing,
 * envelope, token, key hash, control frames, the restore's envelope decoding) interpreted, loads
 * its classes and seeds its random source while thousands of clients wait. Run once, off the event
 * loops, soon after start, it does that work on made-up data: nothing is stored, logged, counted or
 * sent.
 */
final class DrainWarmup {
  /**
   * Enough calls for the JIT to compile the hot methods (C1 compiles after some hundreds to
   * thousands).
   */
  static final int ROUNDS = 3000;

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
                + (HandoffToken.isWellFormed(token) ? 1 : 0);
      } catch (ControlFrameException | IOException e) {
        throw new IllegalStateException("the warm-up frame must parse", e);
      }
    }
    return sum;
  }
}
