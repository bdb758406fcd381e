package dev.handoff.sidecar.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.RedisServerFixture;
import dev.handoff.testkit.VertxExtension;
import io.lettuce.core.resource.ClientResources;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.Epoll;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store's connections on the sidecar's event loops: a read completes on the loop that made it,
 * whichever of the loops that is, a read from a thread of no loop still completes, loops of another
 * transport leave Lettuce on its own threads, and closing the store on one of its loops does not
 * wait on itself.
 */
@Tag("integration")
class StoreEventLoopTest {
  @RegisterExtension
  static final RedisExtension<RedisServerFixture> redis = RedisExtension.standalone();

  @RegisterExtension final VertxExtension epoll = VertxExtension.nativeTransport();
  @RegisterExtension final VertxExtension nio = new VertxExtension();

  private final AtomicInteger keys = new AtomicInteger();

  private static EventLoop loopOf(VertxExtension vertx) {
    return ((VertxInternal) vertx.vertx()).createEventLoopContext().nettyEventLoop();
  }

  /** Two distinct loops of {@code vertx}, as the proxied port's first two. */
  private static List<EventLoop> twoLoopsOf(VertxExtension vertx) {
    List<EventLoop> loops = List.of(loopOf(vertx), loopOf(vertx));
    assertThat(loops.get(0)).isNotSameAs(loops.get(1));
    return loops;
  }

  private static RedisStore storeOn(List<EventLoop> loops) {
    return new RedisStore(redis.url(), RedisStore.Options.defaults(), loops);
  }

  /** What a take that {@code loop} asks for found, and whether it completed on {@code loop}. */
  private record Take(Optional<String> found, boolean onTheLoop) {}

  /**
   * Stores a snapshot from the test's thread, then takes it on {@code loop}. A first take on the
   * loop connects the loop's connection, so that the take that counts goes out at once.
   */
  private Take takeOn(RedisStore store, EventLoop loop) throws Exception {
    takeOnce(store, loop);
    return takeOnce(store, loop);
  }

  private Take takeOnce(RedisStore store, EventLoop loop) throws Exception {
    String key = "k" + keys.incrementAndGet();
    store
        .snapshots()
        .put(key, "v", Duration.ofMinutes(1))
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    CompletableFuture<Take> taken = new CompletableFuture<>();
    loop.execute(
        () ->
            store
                .snapshots()
                .take(key)
                .whenComplete(
                    (found, e) -> {
                      if (e != null) taken.completeExceptionally(e);
                      else taken.complete(new Take(found, loop.inEventLoop()));
                    }));
    return taken.get(10, TimeUnit.SECONDS);
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
    try (RedisStore store = storeOn(List.of(loop))) {
      assertThat(takeOn(store, loop).onTheLoop()).isTrue();
      assertThat(lettuceIoThreads()).isSubsetOf(before);
    }
  }

  @Test
  void aReadMadeOnTheSecondLoopCompletesOnTheSecondLoopWithNoLettuceIoThread() throws Exception {
    List<EventLoop> loops = twoLoopsOf(epoll);
    Set<String> before = lettuceIoThreads();
    try (RedisStore store = storeOn(loops)) {
      // The second loop's own connection wrote the command in the loop's task, so its reply can
      // only be read after the callback is in place: on the loop, deterministically.
      assertThat(takeOn(store, loops.get(1))).isEqualTo(new Take(Optional.of("v"), true));
      assertThat(takeOn(store, loops.get(0))).isEqualTo(new Take(Optional.of("v"), true));
      assertThat(lettuceIoThreads()).isSubsetOf(before);
    }
  }

  @Test
  void aReadFromAThreadOfNoLoopUsesTheFirstLoopsConnection() throws Exception {
    try (RedisStore store = storeOn(twoLoopsOf(epoll))) {
      store
          .snapshots()
          .put("mine", "v", Duration.ofMinutes(1))
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      assertThat(store.snapshots().take("mine").toCompletableFuture().get(10, TimeUnit.SECONDS))
          .contains("v");
    }
  }

  @Test
  void loopsOfAnotherTransportLeaveLettuceOnItsOwnThreads() throws Exception {
    // Lettuce picks epoll where it loads: a NIO loop cannot hold its connections.
    assumeTrue(Epoll.isAvailable(), "epoll does not load here: Lettuce and the loop both run NIO");
    List<EventLoop> nioLoops = twoLoopsOf(nio);
    Set<String> before = lettuceIoThreads();
    try (RedisStore store = storeOn(nioLoops)) {
      // A reply may beat the callback to the future, so only the threads tell where it came from.
      assertThat(takeOn(store, nioLoops.get(1)).found()).contains("v");
      assertThat(takeOn(store, nioLoops.get(0)).found()).contains("v");
      Set<String> added = lettuceIoThreads();
      added.removeAll(before);
      // One client's threads, not one client per loop each with threads of its own.
      assertThat(added).isNotEmpty().hasSizeLessThanOrEqualTo(LettuceResources.THREADS);
    }
  }

  @Test
  void aFurtherLoopsResourcesShareTheFirstsThreadsAndLeaveThemRunningWhenShutDown() {
    List<EventLoop> loops = twoLoopsOf(epoll);
    ClientResources first = LettuceResources.create(Optional.of(loops.get(0)));
    try {
      ClientResources second = LettuceResources.onLoop(first, loops.get(1)).orElseThrow();
      assertThat(second.eventExecutorGroup()).isSameAs(first.eventExecutorGroup());
      assertThat(second.timer()).isSameAs(first.timer());

      second.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3000);
      assertThat(first.eventExecutorGroup().isShuttingDown()).isFalse();
      // A stopped timer refuses new timeouts.
      first.timer().newTimeout(t -> {}, 1, TimeUnit.MINUTES).cancel();
    } finally {
      first.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3000);
    }
  }

  @Test
  void closingTheStoreOnItsOwnLoopLeavesTheLoopRunning() throws Exception {
    EventLoop loop = loopOf(epoll);
    closeOn(List.of(loop), loop);
  }

  @Test
  void closingTheStoreOnItsSecondLoopLeavesBothLoopsRunning() throws Exception {
    List<EventLoop> loops = twoLoopsOf(epoll);
    closeOn(loops, loops.get(1));
  }

  /** Closes a used store on {@code closer}, then proves every one of {@code loops} still runs. */
  private void closeOn(List<EventLoop> loops, EventLoop closer) throws Exception {
    RedisStore store = storeOn(loops);
    for (EventLoop loop : loops) takeOn(store, loop);
    CompletableFuture<Void> closed = new CompletableFuture<>();
    closer.execute(
        () -> {
          store.close();
          closed.complete(null);
        });
    closed.get(10, TimeUnit.SECONDS);
    for (EventLoop loop : loops) {
      AtomicBoolean later = new AtomicBoolean();
      loop.execute(() -> later.set(true));
      await().untilTrue(later);
    }
  }
}
