package dev.handoff.sidecar.config;

/**
 * A configuration value the sidecar cannot start with; the message is the one line the operator
 * sees.
 */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
