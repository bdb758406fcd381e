package dev.handoff.sidecar.handoff;

import dev.handoff.contract.TokenFormat;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A hand-off token: 256 random bits, base64url without padding. The client holds the token; the
 * store only ever sees its SHA-256, so a dump of Redis cannot be replayed.
 */
public final class HandoffToken {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final SecureRandom random;

  public HandoffToken(SecureRandom random) {
    this.random = random;
  }

  public String next() {
    byte[] bytes = new byte[TokenFormat.RANDOM_BYTES];
    random.nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }

  /**
   * Whether a presented token could be one of ours (at least 128 bits of base64url): {@link
   * TokenFormat}.
   */
  public static boolean isWellFormed(String token) {
    return TokenFormat.isWellFormed(token);
  }

  public static String hash(String token) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
