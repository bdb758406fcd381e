package dev.handoff.contract;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The app name every Redis key and metric label carries. Lower case only: Redis keys are
 * case-sensitive, so {@code Shop} and {@code shop} would be two apps whose snapshots never meet,
 * and dashboards would split one app in two. Otherwise the shape of a label value (1-63 characters,
 * alphanumeric at both ends).
 */
public final class AppName {

  public static final String ACCEPTED_FORM =
      "1-63 lower-case letters, digits, '-', '_' or '.', starting and ending with a letter or digit, e.g. \"shop\"";

  private static final Pattern RULE = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?");

  private AppName() {}

  public static boolean isValid(String name) {
    return name != null && RULE.matcher(name).matches();
  }

  /**
   * A name taken from a label or an object name the user did not write for Handoff ({@code app:
   * Shop}) is folded to lower case rather than refused; empty when even that is not a valid name.
   */
  public static Optional<String> fromLabel(String value) {
    return Optional.ofNullable(value)
        .map(text -> text.toLowerCase(Locale.ROOT))
        .filter(AppName::isValid);
  }
}
