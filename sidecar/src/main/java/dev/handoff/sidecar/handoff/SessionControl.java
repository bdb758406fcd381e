package dev.handoff.sidecar.handoff;

import static dev.handoff.contract.ControlFrames.APP;
import static dev.handoff.contract.ControlFrames.DRAIN;
import static dev.handoff.contract.ControlFrames.ERROR;
import static dev.handoff.contract.ControlFrames.HANDOFF;
import static dev.handoff.contract.ControlFrames.HELLO;
import static dev.handoff.contract.ControlFrames.REFRESH;
import static dev.handoff.contract.ControlFrames.TYPE;
import static dev.handoff.contract.ControlFrames.CODE;
import static dev.handoff.contract.ControlFrames.DEADLINE_MS;
import static dev.handoff.contract.ControlFrames.FROM_VERSION;
import static dev.handoff.contract.ControlFrames.MESSAGE;
import static dev.handoff.contract.ControlFrames.REASON;
import static dev.handoff.contract.ControlFrames.RECONNECT_AFTER_MS;
import static dev.handoff.contract.ControlFrames.RESTORE;
import static dev.handoff.contract.ControlFrames.RESTORED;
import static dev.handoff.contract.ControlFrames.STATE_FIELD;
import static dev.handoff.contract.ControlFrames.TOKEN;
import static dev.handoff.contract.ControlFrames.TTL_MS;
import static dev.handoff.contract.ControlFrames.VERSION;

import dev.handoff.contract.ControlFrames;

/**
 * Frames the hand-off protocol sends to the client, built as text so no JSON tree is made per client. Names and
 * values come from the contract's {@link ControlFrames}.
 */
public final class SessionControl {
  private SessionControl() {}

  static String frame(String json) {
    return ControlFrames.frame(json);
  }

  // Every name below is a constant of the contract, so javac folds it into the literals around it.

  public static String hello(String app, long version) {
    return frame("{\"" + TYPE + "\":\"" + HELLO + "\",\"" + APP + "\":" + JsonScan.quote(app) + ",\"" + VERSION + "\":"
        + version + "}");
  }

  public static String helloRestored(String app, long version, long fromVersion, String state) {
    return frame("{\"" + TYPE + "\":\"" + HELLO + "\",\"" + APP + "\":" + JsonScan.quote(app) + ",\"" + VERSION + "\":"
        + version + ",\"" + RESTORED + "\":{\"" + FROM_VERSION + "\":" + fromVersion + ",\"" + STATE_FIELD + "\":" + state
        + "}}");
  }

  /**
   * {@code restore} is {@link ControlFrames#RESTORE_EXPIRED} (no snapshot for the token) or
   * {@link ControlFrames#RESTORE_UNAVAILABLE} (store down).
   */
  public static String helloNotRestored(String app, long version, String restore) {
    return frame("{\"" + TYPE + "\":\"" + HELLO + "\",\"" + APP + "\":" + JsonScan.quote(app) + ",\"" + VERSION + "\":"
        + version + ",\"" + RESTORE + "\":" + JsonScan.quote(restore) + "}");
  }

  public static String refresh(String reason) {
    return frame("{\"" + TYPE + "\":\"" + REFRESH + "\",\"" + REASON + "\":" + JsonScan.quote(reason) + "}");
  }

  public static String drain(long deadlineMs) {
    return frame("{\"" + TYPE + "\":\"" + DRAIN + "\",\"" + DEADLINE_MS + "\":" + deadlineMs + "}");
  }

  public static String handoff(String token, long reconnectAfterMs, long ttlMs) {
    return frame("{\"" + TYPE + "\":\"" + HANDOFF + "\",\"" + TOKEN + "\":" + JsonScan.quote(token) + ",\""
        + RECONNECT_AFTER_MS + "\":" + reconnectAfterMs + ",\"" + TTL_MS + "\":" + ttlMs + "}");
  }

  public static String error(String code, String message) {
    return frame("{\"" + TYPE + "\":\"" + ERROR + "\",\"" + CODE + "\":" + JsonScan.quote(code) + ",\"" + MESSAGE
        + "\":" + JsonScan.quote(message) + "}");
  }
}
