package dev.handoff.sidecar.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * One connection of the store: made once, made again after a failed attempt, refused once closed.
 */
class RedisConnectionTest {
  private final AtomicInteger attempts = new AtomicInteger();
  private final AtomicInteger closes = new AtomicInteger();

  private RedisCommands commands() {
    return (RedisCommands)
        Proxy.newProxyInstance(
            RedisCommands.class.getClassLoader(),
            new Class<?>[] {RedisCommands.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close")) closes.incrementAndGet();
              return null;
            });
  }

  private Supplier<CompletableFuture<RedisCommands>> answering(
      CompletableFuture<RedisCommands> reply) {
    return () -> {
      attempts.incrementAndGet();
      return reply;
    };
  }

  @Test
  void aConnectionUnderWayOrMadeIsSharedAndAFailedOneIsMadeAgain() {
    CompletableFuture<RedisCommands> first = new CompletableFuture<>();
    RedisConnection connection =
        new RedisConnection(
            () ->
                attempts.incrementAndGet() == 1
                    ? first
                    : CompletableFuture.completedFuture(commands()));
    assertThat(connection.get()).isSameAs(first);
    assertThat(connection.get()).as("still under way").isSameAs(first);

    first.completeExceptionally(new RuntimeException("connection refused"));
    CompletableFuture<RedisCommands> second = connection.get();
    assertThat(second).isCompleted();
    assertThat(connection.get()).isSameAs(second);
    assertThat(attempts).hasValue(2);
  }

  /**
   * Lettuce throws IllegalStateException out of a connect on a client that is shut down; callers
   * got it thrown.
   */
  @Test
  void aCallAfterCloseFailsWithStoreClosedInsteadOfThrowingLettucesIllegalState() {
    CompletableFuture<RedisCommands> made = CompletableFuture.completedFuture(commands());
    RedisConnection connection = new RedisConnection(answering(made));
    connection.get();
    connection.close();
    assertThat(closes).hasValue(1);

    assertThatThrownBy(() -> connection.get().join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(StoreClosedException.class);
    assertThat(attempts).as("no reconnect after close").hasValue(1);
  }

  @Test
  void aConnectThatThrowsFailsTheStageInstead() {
    IllegalStateException refused =
        new IllegalStateException("Cannot connect, Event executor group is terminated.");
    RedisConnection connection =
        new RedisConnection(
            () -> {
              throw refused;
            });
    assertThatThrownBy(() -> connection.get().join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isSameAs(refused);
  }
}
