package dev.handoff.sidecar.proxy;

/**
 * Receives the protocol's control messages that arrive on an opted-in socket, in place of the app.
 */
public interface ControlSink {
  /**
   * One whole control message, its UTF-8 bytes as the client sent them (U+0000 first): read from
   * the bytes, never decoded into a {@code String} first.
   */
  void control(byte[] utf8);

  /** A fragmented control message grew past the limit; its bytes were dropped. */
  void oversized();
}
