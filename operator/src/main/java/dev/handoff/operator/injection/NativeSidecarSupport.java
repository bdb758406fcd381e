package dev.handoff.operator.injection;

import dev.handoff.operator.config.NativeSidecarMode;

/**
 * Decides between a native sidecar (init container with {@code restartPolicy: Always}) and a plain
 * container. Native sidecars are on by default from 1.29, but Services only resolve named ports of
 * restartable init containers from 1.32 (kubernetes#127958, #128850); the sidecar takes the app
 * port's name, so AUTO needs 1.32.
 */
public final class NativeSidecarSupport {

  static final int FIRST_MINOR = 32;

  private NativeSidecarSupport() {}

  public static boolean enabled(NativeSidecarMode mode, String major, String minor) {
    return switch (mode) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO -> {
        int majorNumber = leadingNumber(major);
        int minorNumber = leadingNumber(minor);
        yield majorNumber > 1 || (majorNumber == 1 && minorNumber >= FIRST_MINOR);
      }
    };
  }

  /** Managed clusters report minors such as "32+". */
  private static int leadingNumber(String text) {
    if (text == null) {
      return -1;
    }
    String digits = text.replaceAll("^(\\d+).*$", "$1");
    return digits.matches("\\d+") ? Integer.parseInt(digits) : -1;
  }
}
