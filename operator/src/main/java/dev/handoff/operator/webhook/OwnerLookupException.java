package dev.handoff.operator.webhook;

/**
 * The API server could not tell who owns a pod; the pod is admitted without the sidecar, never with
 * a wrong version.
 */
public final class OwnerLookupException extends RuntimeException {

  public OwnerLookupException(String message, Throwable cause) {
    super(message, cause);
  }
}
