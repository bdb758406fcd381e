package dev.handoff.contract;

/**
 * The control frames of protocol v1 (docs/PROTOCOL.md, "Control frames"): text frames whose first
 * character is U+0000, followed by one JSON object with a string field {@code t}. The type names,
 * field names, fixed values, error codes, limits and close codes that the sidecar writes and every
 * client (handoff.js, the load test's) reads.
 */
public final class ControlFrames {

  /** The first character of every control frame. */
  public static final char PREFIX = '\0';

  /** The field that names a frame's type. */
  public static final String TYPE = "t";

  // Types, sidecar -> client.
  public static final String HELLO = "hello";
  public static final String REFRESH = "refresh";
  public static final String DRAIN = "drain";
  public static final String HANDOFF = "handoff";
  public static final String ERROR = "error";

  // Types, client -> sidecar.
  public static final String STATE = "state";
  public static final String CHECKPOINT = "checkpoint";

  // Fields.
  public static final String APP = "app";
  public static final String VERSION = "version";

  /** On {@code hello}: {@code {fromVersion, state}} when the token's snapshot was restored. */
  public static final String RESTORED = "restored";

  public static final String FROM_VERSION = "fromVersion";

  /**
   * The client's state object, on {@code state}, {@code checkpoint} and inside {@code restored}.
   */
  public static final String STATE_FIELD = "state";

  /**
   * On {@code hello}: why a presented token restored nothing ({@link #RESTORE_EXPIRED}, {@link
   * #RESTORE_UNAVAILABLE}).
   */
  public static final String RESTORE = "restore";

  public static final String REASON = "reason";
  public static final String DEADLINE_MS = "deadlineMs";
  public static final String TOKEN = "token";
  public static final String RECONNECT_AFTER_MS = "reconnectAfterMs";
  public static final String TTL_MS = "ttlMs";
  public static final String CODE = "code";
  public static final String MESSAGE = "message";
  public static final String PAGE_VERSION = "pageVersion";

  // Values.
  public static final String RESTORE_EXPIRED = "expired";
  public static final String RESTORE_UNAVAILABLE = "unavailable";

  /**
   * The {@code reason} of {@code refresh}: the snapshot's or the page's version is outside the
   * window.
   */
  public static final String REFRESH_VERSION = "version";

  // Error codes (the {@code code} of {@code error}).
  public static final String STATE_TOO_LARGE = "state_too_large";
  public static final String MALFORMED_FRAME = "malformed_frame";
  public static final String UNKNOWN_TYPE = "unknown_type";
  public static final String INVALID_STATE = "invalid_state";
  public static final String RATE_LIMITED = "rate_limited";
  public static final String STORE_UNAVAILABLE = "store_unavailable";

  // Limits.
  /**
   * A control message from the client may be this much larger than {@code HANDOFF_MAX_STATE_BYTES}
   * (4 KiB).
   */
  public static final int MESSAGE_ALLOWANCE_BYTES = 4096;

  /** JSON nested deeper than this is a {@link #MALFORMED_FRAME}. */
  public static final int MAX_DEPTH = 64;

  /**
   * Control frames a client may send in a burst; the excess is dropped unread ({@link
   * #RATE_LIMITED}).
   */
  public static final int RATE_BURST = 20;

  /** How fast that burst refills. */
  public static final double RATE_PER_SECOND = 10.0;

  // Close codes.
  /**
   * 1012 (Service Restart): the client's socket after {@code handoff}, and every plain socket at a
   * drain.
   */
  public static final short SERVICE_RESTART = 1012;

  /** 1001 (Going Away): the app's side of a socket handed off (or of a client that vanished). */
  public static final short GOING_AWAY = 1001;

  private ControlFrames() {}

  /** Whether a text frame is a control frame rather than the app's. */
  public static boolean isControl(String text) {
    return !text.isEmpty() && text.charAt(0) == PREFIX;
  }

  /** A control frame carrying {@code json}, one JSON object. */
  public static String frame(String json) {
    return PREFIX + json;
  }
}
