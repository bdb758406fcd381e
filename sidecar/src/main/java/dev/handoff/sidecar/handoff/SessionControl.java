package dev.handoff.sidecar.handoff;

/** Frames the hand-off protocol sends to the client, built as text so no JSON tree is made per client. */
public final class SessionControl {
  private SessionControl() {}

  static String frame(String json) {
    return "\0" + json;
  }

  public static String hello(String app, long version) {
    return frame("{\"t\":\"hello\",\"app\":" + JsonScan.quote(app) + ",\"version\":" + version + "}");
  }

  public static String helloRestored(String app, long version, long fromVersion, String state) {
    return frame("{\"t\":\"hello\",\"app\":" + JsonScan.quote(app) + ",\"version\":" + version
        + ",\"restored\":{\"fromVersion\":" + fromVersion + ",\"state\":" + state + "}}");
  }

  /** {@code restore} is {@code expired} (no snapshot for the token) or {@code unavailable} (store down). */
  public static String helloNotRestored(String app, long version, String restore) {
    return frame("{\"t\":\"hello\",\"app\":" + JsonScan.quote(app) + ",\"version\":" + version
        + ",\"restore\":" + JsonScan.quote(restore) + "}");
  }

  public static String refresh(String reason) {
    return frame("{\"t\":\"refresh\",\"reason\":" + JsonScan.quote(reason) + "}");
  }

  public static String drain(long deadlineMs) {
    return frame("{\"t\":\"drain\",\"deadlineMs\":" + deadlineMs + "}");
  }

  public static String handoff(String token, long reconnectAfterMs, long ttlMs) {
    return frame("{\"t\":\"handoff\",\"token\":" + JsonScan.quote(token) + ",\"reconnectAfterMs\":"
        + reconnectAfterMs + ",\"ttlMs\":" + ttlMs + "}");
  }

  public static String error(String code, String message) {
    return frame("{\"t\":\"error\",\"code\":" + JsonScan.quote(code) + ",\"message\":" + JsonScan.quote(message) + "}");
  }
}
