package dev.handoff.contract;

import java.util.Locale;
import java.util.Optional;

/**
 * The one spelling of a switch: {@code on}/{@code off}, with {@code true}/{@code false}, {@code
 * yes}/{@code no}, {@code 1}/{@code 0} read alike.
 */
public final class OnOff {

  public static final String ACCEPTED_FORM = "on or off (true/false, yes/no, 1/0 read alike)";

  private OnOff() {}

  public static Optional<Boolean> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "on", "true", "yes", "1" -> Optional.of(true);
      case "off", "false", "no", "0" -> Optional.of(false);
      default -> Optional.empty();
    };
  }

  /** What the operator writes, in the sidecar's documented words. */
  public static String format(boolean on) {
    return on ? "on" : "off";
  }
}
