package dev.handoff.contract;

import java.util.regex.Pattern;

/**
 * What a hand-off token looks like (docs/PROTOCOL.md): base64url without padding of {@link
 * #RANDOM_BYTES} random bytes ({@link #LENGTH} characters); a presented token of {@link
 * #MIN_LENGTH} to {@link #MAX_LENGTH} such characters is accepted, so 128 bits at least.
 */
public final class TokenFormat {

  /** 256 random bits. */
  public static final int RANDOM_BYTES = 32;

  /** The length of a token the sidecar issues. */
  public static final int LENGTH = 43;

  public static final int MIN_LENGTH = 22;
  public static final int MAX_LENGTH = 128;

  private static final Pattern FORM =
      Pattern.compile("[A-Za-z0-9_-]{" + MIN_LENGTH + "," + MAX_LENGTH + "}");

  private TokenFormat() {}

  /** Whether a presented token could be one the sidecar issued. */
  public static boolean isWellFormed(String token) {
    return token != null && FORM.matcher(token).matches();
  }
}
