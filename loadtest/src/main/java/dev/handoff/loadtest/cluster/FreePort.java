package dev.handoff.loadtest.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A loopback port nothing listens on right now, for servers started as separate processes. */
final class FreePort {
  private FreePort() {}

  /** {@code n} different free ports: held open together, so the kernel cannot hand one out twice. */
  static int[] distinct(int n) {
    ServerSocket[] held = new ServerSocket[n];
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        held[i] = new ServerSocket(0);
        ports[i] = held[i].getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket s : held) {
        if (s != null) {
          try {
            s.close();
          } catch (IOException ignored) {
            // it only reserved a port
          }
        }
      }
    }
  }

  static int next() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
