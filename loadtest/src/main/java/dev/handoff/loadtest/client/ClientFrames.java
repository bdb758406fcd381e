package dev.handoff.loadtest.client;

import dev.handoff.contract.ControlFrames;
import dev.handoff.contract.Subprotocol;
import dev.handoff.sidecar.handoff.JsonText;
import java.util.List;

/**
 * What a simulated client says and reads of protocol v1, in the contract's names: the subprotocols
 * it offers, the {@code state} frame it answers a drain with, and the JSON of the sidecar's control
 * frames.
 */
public final class ClientFrames {
  private ClientFrames() {}

  /** {@code handoff.v1}, and with a token {@code handoff.token.<token>} too. */
  public static List<String> offer(String token) {
    return token == null
        ? List.of(Subprotocol.V1)
        : List.of(Subprotocol.V1, Subprotocol.token(token));
  }

  /**
   * The answer to {@code drain}: the state object as its exact text, and the version that rendered
   * the page.
   */
  public static String state(String state, long pageVersion) {
    return JsonText.write(
        String.valueOf(ControlFrames.PREFIX),
        g -> {
          g.writeStartObject();
          g.writeStringField(ControlFrames.TYPE, ControlFrames.STATE);
          g.writeFieldName(ControlFrames.STATE_FIELD);
          JsonText.rawValue(g, state);
          g.writeNumberField(ControlFrames.PAGE_VERSION, pageVersion);
          g.writeEndObject();
        });
  }

  /** The JSON of a control frame, or null for the app's own traffic. */
  public static String json(String frame) {
    return ControlFrames.isControl(frame) ? frame.substring(1) : null;
  }

  /**
   * The restored state of a {@code hello}, byte for byte as the sidecar sent it; null when nothing
   * was restored.
   */
  public static String restoredState(String helloJson) {
    return RawJson.value(helloJson, ControlFrames.RESTORED, ControlFrames.STATE_FIELD);
  }
}
