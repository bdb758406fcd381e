package dev.handoff.sidecar.handoff;

import static dev.handoff.contract.ControlFrames.APP;
import static dev.handoff.contract.ControlFrames.CODE;
import static dev.handoff.contract.ControlFrames.DEADLINE_MS;
import static dev.handoff.contract.ControlFrames.DRAIN;
import static dev.handoff.contract.ControlFrames.ERROR;
import static dev.handoff.contract.ControlFrames.FROM_VERSION;
import static dev.handoff.contract.ControlFrames.HANDOFF;
import static dev.handoff.contract.ControlFrames.HELLO;
import static dev.handoff.contract.ControlFrames.MESSAGE;
import static dev.handoff.contract.ControlFrames.REASON;
import static dev.handoff.contract.ControlFrames.RECONNECT_AFTER_MS;
import static dev.handoff.contract.ControlFrames.REFRESH;
import static dev.handoff.contract.ControlFrames.RESTORE;
import static dev.handoff.contract.ControlFrames.RESTORED;
import static dev.handoff.contract.ControlFrames.STATE_FIELD;
import static dev.handoff.contract.ControlFrames.TOKEN;
import static dev.handoff.contract.ControlFrames.TTL_MS;
import static dev.handoff.contract.ControlFrames.TYPE;
import static dev.handoff.contract.ControlFrames.VERSION;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.handoff.contract.ControlFrames;
import java.io.IOException;

/**
 * Frames the hand-off protocol sends to the client, written with {@link JsonText}'s streaming
 * generator so no JSON tree is made per client. Names and values come from the contract's {@link
 * ControlFrames}; a restored state goes in as the client's own text.
 */
public final class SessionControl {
  private static final String PREFIX = String.valueOf(ControlFrames.PREFIX);

  private SessionControl() {}

  static String frame(JsonText.Body body) {
    return JsonText.write(
        PREFIX,
        g -> {
          g.writeStartObject();
          body.write(g);
          g.writeEndObject();
        });
  }

  public static String hello(String app, long version) {
    return frame(g -> hello(g, app, version));
  }

  public static String helloRestored(String app, long version, long fromVersion, String state) {
    return frame(
        g -> {
          hello(g, app, version);
          g.writeObjectFieldStart(RESTORED);
          g.writeNumberField(FROM_VERSION, fromVersion);
          g.writeFieldName(STATE_FIELD);
          JsonText.rawValue(g, state);
          g.writeEndObject();
        });
  }

  /**
   * {@code restore} is {@link ControlFrames#RESTORE_EXPIRED} (no snapshot for the token) or {@link
   * ControlFrames#RESTORE_UNAVAILABLE} (store down).
   */
  public static String helloNotRestored(String app, long version, String restore) {
    return frame(
        g -> {
          hello(g, app, version);
          g.writeStringField(RESTORE, restore);
        });
  }

  private static void hello(JsonGenerator g, String app, long version) throws IOException {
    g.writeStringField(TYPE, HELLO);
    g.writeStringField(APP, app);
    g.writeNumberField(VERSION, version);
  }

  public static String refresh(String reason) {
    return frame(
        g -> {
          g.writeStringField(TYPE, REFRESH);
          g.writeStringField(REASON, reason);
        });
  }

  public static String drain(long deadlineMs) {
    return frame(
        g -> {
          g.writeStringField(TYPE, DRAIN);
          g.writeNumberField(DEADLINE_MS, deadlineMs);
        });
  }

  public static String handoff(String token, long reconnectAfterMs, long ttlMs) {
    return frame(
        g -> {
          g.writeStringField(TYPE, HANDOFF);
          g.writeStringField(TOKEN, token);
          g.writeNumberField(RECONNECT_AFTER_MS, reconnectAfterMs);
          g.writeNumberField(TTL_MS, ttlMs);
        });
  }

  public static String error(String code, String message) {
    return frame(
        g -> {
          g.writeStringField(TYPE, ERROR);
          g.writeStringField(CODE, code);
          g.writeStringField(MESSAGE, message);
        });
  }
}
