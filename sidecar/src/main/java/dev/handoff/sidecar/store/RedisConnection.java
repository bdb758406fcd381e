package dev.handoff.sidecar.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One connection of the store, made at first use and again after a failed attempt (Lettuce
 * reconnects a connection it once had by itself). Once closed, every call fails with {@link
 * StoreClosedException}: Lettuce would throw its own {@code IllegalStateException} out of a
 * reconnect on a client that is shut down.
 */
final class RedisConnection {
  private final Supplier<CompletableFuture<RedisCommands>> connect;
  private final AtomicReference<CompletableFuture<RedisCommands>> current = new AtomicReference<>();
  private volatile boolean closed;

  RedisConnection(Supplier<CompletableFuture<RedisCommands>> connect) {
    this.connect = connect;
  }

  /** The connection, connecting if there is none (or the last attempt failed); never throws. */
  CompletableFuture<RedisCommands> get() {
    if (closed) return CompletableFuture.failedFuture(new StoreClosedException());
    CompletableFuture<RedisCommands> known = current.get();
    if (known != null && !(known.isDone() && known.isCompletedExceptionally())) {
      return known;
    }
    CompletableFuture<RedisCommands> fresh;
    try {
      fresh = connect.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(closed ? new StoreClosedException() : e);
    }
    if (current.compareAndSet(known, fresh)) {
      return fresh;
    }
    fresh.thenAccept(RedisCommands::close);
    return current.get();
  }

  /** Closes the connection if it was made; later calls fail with {@link StoreClosedException}. */
  void close() {
    closed = true;
    CompletableFuture<RedisCommands> c = current.get();
    if (c != null && c.isDone() && !c.isCompletedExceptionally()) {
      c.join().close();
    }
  }
}
