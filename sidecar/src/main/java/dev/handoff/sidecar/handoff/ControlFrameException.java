package dev.handoff.sidecar.handoff;

/**
 * A control frame the sidecar rejects; {@code code} goes to the client in an {@code error} frame.
 */
public final class ControlFrameException extends Exception {
  private final String code;

  public ControlFrameException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
