package dev.handoff.contract;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * One setting of the sidecar as every module sees it: its environment variable (and so its flag),
 * the pod annotation that sets it where there is one, its default, what it accepts and how it is
 * read and written.
 *
 * @param variable e.g. {@code HANDOFF_DRAIN_TIMEOUT}
 * @param annotation e.g. {@code handoff.dev/drain-timeout}; empty when users set it only through
 *     the operator's own settings or not at all
 * @param defaultText the default as the sidecar reads it; empty when the setting is required or
 *     unset by default
 * @param accepted what is accepted, in words, for denials and docs: "a whole number from 0 to 1000"
 * @param parser reads a value or throws {@link InvalidValueException} with the sidecar's reason
 * @param formatter writes a value so that {@code parser} reads it back unchanged
 */
public record Setting<T>(
    String variable,
    Optional<String> annotation,
    Optional<String> defaultText,
    String accepted,
    Function<String, T> parser,
    Function<T, String> formatter) {

  private static final String PREFIX = "HANDOFF_";

  public Setting {
    if (!variable.startsWith(PREFIX)) {
      throw new IllegalArgumentException(variable + " does not start with " + PREFIX);
    }
  }

  /** Throws {@link InvalidValueException} with the reason, never naming the setting. */
  public T parse(String text) {
    return parser.apply(text);
  }

  /** Throws {@link IllegalStateException} for a setting without a default. */
  public T defaultValue() {
    return parse(
        defaultText.orElseThrow(() -> new IllegalStateException(variable + " has no default")));
  }

  public String format(T value) {
    return formatter.apply(value);
  }

  /** {@code HANDOFF_DRAIN_TIMEOUT} is {@code --drain-timeout}. */
  public String flag() {
    return "--" + variable.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
