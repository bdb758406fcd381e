package dev.handoff.loadtest.client;

/** How one hand-off ended for the client that was asked for its state. */
public enum Outcome {
  /** The state came back byte for byte. */
  RESTORED,
  /**
   * The new pod said {@code refresh}: the page reloads, by design, e.g. a page too old for the new
   * version.
   */
  REFRESHED,
  /**
   * No token, the snapshot was gone, the state came back different, or the client never got back
   * in.
   */
  LOST
}
