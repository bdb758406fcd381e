package dev.handoff.sidecar.proxy;

/**
 * Receives the protocol's control messages that arrive on an opted-in socket, in place of the app.
 */
public interface ControlSink {
  void control(String text);

  /** A fragmented control message grew past the limit; its bytes were dropped. */
  void oversized();
}
