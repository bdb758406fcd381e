package dev.handoff.operator.injection;

/**
 * A pod annotation the webhook cannot act on; the message names the annotation and what it accepts.
 */
public final class AnnotationException extends RuntimeException {

  public AnnotationException(String message) {
    super(message);
  }

  static AnnotationException badValue(String annotation, String value, String acceptedForm) {
    return new AnnotationException(
        "annotation " + annotation + ": \"" + value + "\" is not accepted; use " + acceptedForm);
  }
}
