package dev.handoff.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.sidecar.store.HandoffStore;
import dev.handoff.sidecar.store.InMemoryStore;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Redis store is built on its own thread while the servers start; nothing reaches it before it
 * exists.
 */
class BackgroundStoreTest {
  private static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void callsMadeWhileTheStoreIsBuiltWaitForItAndReachIt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    InMemoryStore real = new InMemoryStore();
    BackgroundStore store =
        BackgroundStore.build(
            () -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return real;
            },
            "redis");

    CompletableFuture<Void> put =
        store.snapshots().put("k", "v", Duration.ofMinutes(1)).toCompletableFuture();
    assertThat(put).isNotDone();
    assertThat(store.describe()).isEqualTo("redis");

    release.countDown();
    get(put);
    get(store.built());
    assertThat(get(real.snapshots().take("k"))).contains("v");
    assertThat(store.describe()).isEqualTo(real.describe());
    store.close();
  }

  @Test
  void aStoreThatCannotBeBuiltFailsBuiltWithItsOwnException() {
    BackgroundStore store =
        BackgroundStore.build(
            () -> {
              throw new IllegalArgumentException("no such host");
            },
            "redis");

    assertThatThrownBy(() -> get(store.built()))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no such host");
    assertThatThrownBy(() -> get(store.snapshots().take("k"))).hasRootCauseMessage("no such host");
    assertThat(store.describe()).isEqualTo("redis");
  }

  /**
   * A rollout count never fails, as its interface says, even when the store behind it could not be
   * built.
   */
  @Test
  void aCountNeverFailsEvenWhenTheStoreCannotBeBuilt() throws Exception {
    BackgroundStore store =
        BackgroundStore.build(
            () -> {
              throw new IllegalArgumentException("no such host");
            },
            "redis");

    assertThat(get(store.rolloutCounters().count("handoff:demo:rollout:1", "stored"))).isNull();
  }

  @Test
  void everyJobWaitsForTheStoreAndReachesItsOwnJob() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    InMemoryStore real = new InMemoryStore();
    BackgroundStore store =
        BackgroundStore.build(
            () -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return real;
            },
            "redis");

    CompletableFuture<Void> counted =
        store.rolloutCounters().count("handoff:demo:rollout:1", "stored").toCompletableFuture();
    CompletableFuture<Void> announced =
        store.readyVersions().announce("demo", 2, Duration.ofMinutes(1)).toCompletableFuture();
    CompletableFuture<Long> refused =
        store
            .expiringCounters()
            .increment("handoff:demo:steer:t", Duration.ofMinutes(1))
            .toCompletableFuture();
    assertThat(counted).isNotDone();
    release.countDown();
    get(counted);
    get(announced);
    assertThat(get(refused)).isEqualTo(1L);
    assertThat(real.counter("handoff:demo:rollout:1", "stored")).isEqualTo(1);
    assertThat(get(store.readyVersions().newest("demo"))).isEqualTo(2L);
  }

  @Test
  void closingBeforeTheStoreExistsClosesItOnceBuilt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> closed = new CompletableFuture<>();
    InMemoryStore real = new InMemoryStore();
    HandoffStore watched =
        (HandoffStore)
            Proxy.newProxyInstance(
                HandoffStore.class.getClassLoader(),
                new Class<?>[] {HandoffStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("close")) closed.complete(null);
                  return method.invoke(real, args);
                });
    BackgroundStore store =
        BackgroundStore.build(
            () -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return watched;
            },
            "redis");

    store.close();
    assertThat(closed).isNotDone();
    release.countDown();
    get(closed);
  }
}
