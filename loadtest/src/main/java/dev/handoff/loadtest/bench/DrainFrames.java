package dev.handoff.loadtest.bench;

import dev.handoff.contract.ControlFrames;
import dev.handoff.contract.Subprotocol;
import dev.handoff.loadtest.client.ClientFrames;
import dev.handoff.sidecar.handoff.JsonText;
import dev.handoff.sidecar.handoff.SessionControl;

/**
 * The few protocol-v1 frames a drain needs (docs/PROTOCOL.md, names from the contract's {@link
 * ControlFrames}): control frames are text frames that start with U+0000 followed by JSON. Shared
 * by the clients and the bare server so both speak the same bytes.
 */
final class DrainFrames {
  static final String PROTOCOL = Subprotocol.V1;
  static final String DRAIN = SessionControl.drain(15000);

  private DrainFrames() {}

  /** {@code "t":"<type>"} */
  private static String type(String type) {
    return "\"" + ControlFrames.TYPE + "\":\"" + type + "\"";
  }

  static boolean isDrain(String text) {
    return is(text, ControlFrames.DRAIN);
  }

  static boolean isHandoff(String text) {
    return is(text, ControlFrames.HANDOFF);
  }

  static boolean isState(String text) {
    return is(text, ControlFrames.STATE);
  }

  static boolean isHello(String text) {
    return is(text, ControlFrames.HELLO);
  }

  private static boolean is(String text, String type) {
    return ControlFrames.isControl(text) && text.contains(type(type));
  }

  /** Whether a {@code hello} carries a restored state. */
  static boolean isRestored(String hello) {
    return hello.contains("\"" + ControlFrames.RESTORED + "\"");
  }

  /** The {@code handoff} frame's token. */
  static String token(String handoff) {
    return new io.vertx.core.json.JsonObject(handoff.substring(1)).getString(ControlFrames.TOKEN);
  }

  /** What a client offers to restore with {@code token}. */
  static java.util.List<String> restoring(String token) {
    return java.util.List.of(PROTOCOL, Subprotocol.token(token));
  }

  /** A {@code state} answer whose whole frame is {@code bytes} long (ASCII), page version 1. */
  static String stateAnswer(int bytes) {
    int frame = ClientFrames.state(draft(""), 1).length();
    return ClientFrames.state(draft("x".repeat(Math.max(0, bytes - frame))), 1);
  }

  private static String draft(String text) {
    return JsonText.write(
        g -> {
          g.writeStartObject();
          g.writeStringField("draft", text);
          g.writeEndObject();
        });
  }
}
