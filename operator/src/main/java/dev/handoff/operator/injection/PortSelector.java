package dev.handoff.operator.injection;

import java.util.regex.Pattern;

/** The app port as written in {@code handoff.dev/port}: a port name or a port number. */
public record PortSelector(String name, int number) {

  static final String ACCEPTED_FORM =
      "the name or number of a container port, e.g. \"http\" or \"8080\"";
  private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?");

  static PortSelector parse(String value) {
    String trimmed = value.trim();
    if (trimmed.matches("\\d{1,5}")) {
      int number = Integer.parseInt(trimmed);
      if (number >= 1 && number <= 65535) {
        return new PortSelector(null, number);
      }
    } else if (PORT_NAME.matcher(trimmed).matches()
        && trimmed.chars().anyMatch(Character::isLetter)) {
      return new PortSelector(trimmed, 0);
    }
    throw AnnotationException.badValue(HandoffAnnotations.PORT, value, ACCEPTED_FORM);
  }

  boolean byName() {
    return name != null;
  }

  @Override
  public String toString() {
    return byName() ? name : Integer.toString(number);
  }
}
