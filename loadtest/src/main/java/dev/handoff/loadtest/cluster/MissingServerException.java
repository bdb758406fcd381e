package dev.handoff.loadtest.cluster;

/**
 * A server the run needs (HAProxy, Redis) is not there and could not be installed; the message is
 * one line.
 */
public final class MissingServerException extends RuntimeException {
  public MissingServerException(String message) {
    super(message);
  }
}
