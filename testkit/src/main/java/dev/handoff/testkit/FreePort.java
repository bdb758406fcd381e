package dev.handoff.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * Loopback ports: one nothing listens on right now (for servers started as separate processes), or
 * whether one is taken.
 */
public final class FreePort {
  private FreePort() {}

  /**
   * {@code n} different ports free right now: the sockets are held open together, so the kernel
   * cannot hand the same port out twice (two calls of {@link #next()} in a row sometimes got one
   * port, and a sidecar refused to start with its admin port equal to its proxied port).
   */
  public static int[] distinct(int n) {
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
            // closing a socket that only reserved a port
          }
        }
      }
    }
  }

  public static int next() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether something accepts connections on the loopback port now (within half a second). */
  public static boolean accepting(int port) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
