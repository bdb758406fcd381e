package dev.handoff.contract;

import java.util.Base64;

/**
 * The HTTP side of a hand-off upgrade (docs/PROTOCOL.md): the headers the sidecar adds to the app's
 * upgrade when a snapshot was restored (and drops from every incoming request, so a client cannot
 * fake a restore), and how it refuses an upgrade it wants retried elsewhere.
 */
public final class UpgradeHeaders {

  /** The version K the restored snapshot was taken at. */
  public static final String RESTORED_FROM = "Handoff-Restored-From";

  /**
   * The restored state JSON, base64url without padding ({@link #encodeState}), when it fits the
   * header budget.
   */
  public static final String STATE = "Handoff-State";

  /**
   * The status of a refused upgrade the client should retry: a draining pod, or steering to a newer
   * version.
   */
  public static final int RETRY_STATUS = 503;

  public static final String RETRY_AFTER = "Retry-After";

  /** {@code Retry-After} of a draining pod's refusal, in seconds. */
  public static final String RETRY_AFTER_DRAINING = "1";

  /** {@code Retry-After} of a steered token's refusal: a newer version is ready now. */
  public static final String RETRY_AFTER_STEERED = "0";

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private UpgradeHeaders() {}

  /** The value of {@link #STATE} for the state's UTF-8 bytes. */
  public static String encodeState(byte[] utf8State) {
    return ENCODER.encodeToString(utf8State);
  }

  /**
   * The state's UTF-8 bytes from a {@link #STATE} value; throws {@link IllegalArgumentException}
   * when it is not base64url.
   */
  public static byte[] decodeState(String headerValue) {
    return DECODER.decode(headerValue);
  }
}
