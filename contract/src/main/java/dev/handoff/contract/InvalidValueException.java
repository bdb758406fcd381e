package dev.handoff.contract;

/**
 * A value a setting cannot take. The reason names the value but not the setting: the sidecar
 * prefixes the variable, the webhook the annotation, so each reader sees the name they wrote.
 */
public final class InvalidValueException extends RuntimeException {

  public InvalidValueException(String reason) {
    super(reason);
  }

  public String reason() {
    return getMessage();
  }
}
