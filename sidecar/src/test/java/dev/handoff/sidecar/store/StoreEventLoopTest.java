package dev.handoff.sidecar.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.RedisServerFixture;
import dev.handoff.testkit.VertxExtension;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.Epoll;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store's connections on an event loop of the sidecar's: replies complete on that loop, a loop
 * of another transport leaves Lettuce on its own threads, and closing the store on its own loop
 * does not wait on itself.
 */
@Tag("integration")
class StoreEventLoopTest {
  @RegisterExtension
  static final RedisExtension<RedisServerFixture> redis = RedisExtension.standalone();

  @RegisterExtension final VertxExtension epoll = VertxExtension.nativeTransport();
  @RegisterExtension final VertxExtension nio = new VertxExtension();

  private static EventLoop loopOf(VertxExtension vertx) {
    return ((VertxInternal) vertx.vertx()).createEventLoopContext().nettyEventLoop();
  }

  private static RedisStore storeOn(EventLoop loop) {
    return new RedisStore(redis.url(), RedisStore.Options.defaults(), Optional.of(loop));
  }

  /**
   * Whether the take that {@code loop} asks for completes on {@code loop}; the store is used once
   * first, so that it is connected.
   */
  private static boolean repliesOnTheLoop(RedisStore store, EventLoop loop) throws Exception {
    store
        .snapshots()
        .put("k", "v", Duration.ofMinutes(1))
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
    loop.execute(
        () ->
            store
                .snapshots()
                .take("k")
                .whenComplete((v, e) -> onLoop.complete(loop.inEventLoop())));
    return onLoop.get(10, TimeUnit.SECONDS);
  }

  private static Set<String> lettuceIoThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("lettuce-") && n.contains("EventLoop"))
        .collect(Collectors.toSet());
  }

  @Test
  void repliesCompleteOnTheLoopTheStoreWasGiven() throws Exception {
    EventLoop loop = loopOf(epoll);
    Set<String> before = lettuceIoThreads();
    try (RedisStore store = storeOn(loop)) {
      assertThat(repliesOnTheLoop(store, loop)).isTrue();
      assertThat(lettuceIoThreads()).isSubsetOf(before);
    }
  }

  @Test
  void aLoopOfAnotherTransportLeavesLettuceOnItsOwnThreads() throws Exception {
    // Lettuce picks epoll where it loads: a NIO loop cannot hold its connections.
    assumeTrue(Epoll.isAvailable(), "epoll does not load here: Lettuce and the loop both run NIO");
    EventLoop nioLoop = loopOf(nio);
    Set<String> before = lettuceIoThreads();
    try (RedisStore store = storeOn(nioLoop)) {
      // A reply may beat the callback to the future, so only the threads tell where it came from.
      repliesOnTheLoop(store, nioLoop);
      assertThat(lettuceIoThreads()).isNotEqualTo(before);
    }
  }

  @Test
  void closingTheStoreOnItsOwnLoopLeavesTheLoopRunning() throws Exception {
    EventLoop loop = loopOf(epoll);
    RedisStore store = storeOn(loop);
    repliesOnTheLoop(store, loop);
    CompletableFuture<Void> closed = new CompletableFuture<>();
    loop.execute(
        () -> {
          store.close();
          closed.complete(null);
        });
    closed.get(10, TimeUnit.SECONDS);
    AtomicBoolean later = new AtomicBoolean();
    loop.execute(() -> later.set(true));
    await().untilTrue(later);
  }
}
