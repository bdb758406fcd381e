package dev.handoff.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.sidecar.store.InMemorySnapshotStore;
import dev.handoff.sidecar.store.SnapshotStore;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Redis store is built on its own thread while the servers start; nothing reaches it before it exists. */
class BackgroundStoreTest {
  private static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void callsMadeWhileTheStoreIsBuiltWaitForItAndReachIt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    InMemorySnapshotStore real = new InMemorySnapshotStore();
    BackgroundStore store = BackgroundStore.build(() -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return real;
    }, "redis");

    CompletableFuture<Void> put = store.put("k", "v", Duration.ofMinutes(1)).toCompletableFuture();
    assertThat(put).isNotDone();
    assertThat(store.describe()).isEqualTo("redis");

    release.countDown();
    get(put);
    get(store.built());
    assertThat(get(real.take("k"))).contains("v");
    assertThat(store.describe()).isEqualTo(real.describe());
    store.close();
  }

  @Test
  void aStoreThatCannotBeBuiltFailsBuiltWithItsOwnException() {
    BackgroundStore store = BackgroundStore.build(() -> {
      throw new IllegalArgumentException("no such host");
    }, "redis");

    assertThatThrownBy(() -> get(store.built())).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(IllegalArgumentException.class).hasMessage("no such host");
    assertThatThrownBy(() -> get(store.take("k"))).hasRootCauseMessage("no such host");
    assertThat(store.describe()).isEqualTo("redis");
  }

  @Test
  void closingBeforeTheStoreExistsClosesItOnceBuilt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> closed = new CompletableFuture<>();
    InMemorySnapshotStore real = new InMemorySnapshotStore();
    SnapshotStore watched = (SnapshotStore) Proxy.newProxyInstance(SnapshotStore.class.getClassLoader(),
        new Class<?>[] {SnapshotStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("close")) closed.complete(null);
          return method.invoke(real, args);
        });
    BackgroundStore store = BackgroundStore.build(() -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return watched;
    }, "redis");

    store.close();
    assertThat(closed).isNotDone();
    release.countDown();
    get(closed);
  }
}
