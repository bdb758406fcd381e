package dev.handoff.operator.rollout;

/** The counter store did not answer; the report is retried later rather than written with zeros. */
public final class CountersUnavailableException extends RuntimeException {

  public CountersUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
