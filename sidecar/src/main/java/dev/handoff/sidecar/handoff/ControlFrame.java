package dev.handoff.sidecar.handoff;

import dev.handoff.contract.ControlFrames;

/**
 * A control frame from the client: {@code state} (the answer to {@code drain}) or {@code
 * checkpoint}.
 *
 * @param state the state object exactly as the client sent it
 * @param pageVersion the app version the page was rendered by, when the client said so
 * @param stateBytes the state's size in UTF-8 bytes
 */
public record ControlFrame(Type type, String state, Long pageVersion, int stateBytes) {
  public enum Type {
    STATE,
    CHECKPOINT
  }

  /** Text frames whose first character is U+0000 belong to the protocol, never to the app. */
  public static boolean isControl(String text) {
    return ControlFrames.isControl(text);
  }
}
