package dev.handoff.contract;

/**
 * The {@code Sec-WebSocket-Protocol} entries of protocol v1 (docs/PROTOCOL.md, "Opting in"): a
 * client opts in with {@link #V1} next to the app's own subprotocols, and a reconnect also offers
 * {@link #token(String)}. The sidecar removes every entry under {@link #RESERVED_PREFIX} before the
 * app sees the offer.
 */
public final class Subprotocol {

  /** The hand-off protocol itself; also the sidecar's answer when the app chooses none. */
  public static final String V1 = "handoff.v1";

  /** A reconnect's token rides in the entry {@code handoff.token.<token>} (never in the URL). */
  public static final String TOKEN_PREFIX = "handoff.token.";

  /** Every subprotocol under this prefix is the hand-off's, never the app's. */
  public static final String RESERVED_PREFIX = "handoff.";

  private Subprotocol() {}

  /** The entry that presents {@code token}. */
  public static String token(String token) {
    return TOKEN_PREFIX + token;
  }

  /** Whether an offered entry belongs to the hand-off protocol rather than to the app. */
  public static boolean isReserved(String entry) {
    return entry.startsWith(RESERVED_PREFIX);
  }
}
