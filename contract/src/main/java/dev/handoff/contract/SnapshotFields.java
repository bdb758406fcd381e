package dev.handoff.contract;

/**
 * The fields of what the store holds for one client (docs/PROTOCOL.md, "Store layout"): the
 * snapshot envelope under {@link RedisKeys#snapshot} and the versions record beside it under {@link
 * RedisKeys#snapshotVersions}.
 */
public final class SnapshotFields {

  public static final String APP = "app";

  /** The version of the app the draining pod ran; also a field of the versions record. */
  public static final String VERSION = "version";

  public static final String CREATED_AT = "createdAt";

  /**
   * The version that rendered the client's page, when it said; also a field of the versions record.
   */
  public static final String PAGE_VERSION = "pageVersion";

  /** A hash of the session cookie, only with {@code HANDOFF_BIND_COOKIE}. */
  public static final String BINDING = "binding";

  /** The client's state, byte for byte as it sent it. */
  public static final String STATE = "state";

  private SnapshotFields() {}
}
