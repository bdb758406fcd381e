package dev.handoff.loadtest.bench;

/**
 * The few protocol-v1 frames a drain needs (docs/PROTOCOL.md): control frames are text frames that start
 * with U+0000 followed by JSON. Shared by the clients and the bare server so both speak the same bytes.
 */
final class DrainFrames {
  static final String PROTOCOL = "handoff.v1";
  static final String DRAIN = "\u0000{\"t\":\"drain\",\"deadlineMs\":15000}";

  private DrainFrames() {}

  static boolean isDrain(String text) {
    return text.startsWith("\u0000") && text.contains("\"t\":\"drain\"");
  }

  static boolean isHandoff(String text) {
    return text.startsWith("\u0000") && text.contains("\"t\":\"handoff\"");
  }

  static boolean isState(String text) {
    return text.startsWith("\u0000") && text.contains("\"t\":\"state\"");
  }

  /** A {@code state} answer whose whole frame is {@code bytes} long (ASCII), page version 1. */
  static String stateAnswer(int bytes) {
    String head = "\u0000{\"t\":\"state\",\"pageVersion\":1,\"state\":{\"draft\":\"";
    String tail = "\"}}";
    int fill = Math.max(0, bytes - head.length() - tail.length());
    return head + "x".repeat(fill) + tail;
  }
}
