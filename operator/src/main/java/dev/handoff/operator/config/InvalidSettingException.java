package dev.handoff.operator.config;

/** A setting that cannot be used; the message is the one line printed before the operator exits. */
public final class InvalidSettingException extends RuntimeException {

  private final String variable;

  public InvalidSettingException(String variable, String problem) {
    super(variable + ": " + problem);
    this.variable = variable;
  }

  public String variable() {
    return variable;
  }
}
