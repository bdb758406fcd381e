package dev.handoff.sidecar.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * Snapshots are sealed on their way in and opened on their way out; the versions beside them stay
 * plain.
 */
class SealedSnapshotStoreTest {
  private static final Duration TTL = Duration.ofMinutes(1);
  private static final String KEY = "handoff:demo:snap:abc";

  private final InMemoryStore plain = new InMemoryStore();

  private static SnapshotKeyRing ring(String active, String... ids) {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    for (String id : ids) {
      byte[] raw = new byte[32];
      // The same id is the same key in every ring.
      raw[0] = (byte) id.hashCode();
      raw[1] = (byte) (id.hashCode() >> 8);
      keys.put(id, raw);
    }
    return new SnapshotKeyRing(active, keys);
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  private String stored(String key) {
    String value = join(plain.snapshots().take(key)).orElseThrow();
    join(plain.snapshots().putBack(key, value, TTL));
    return value;
  }

  @Test
  void storesNothingReadableAndOpensWhatItSealed() {
    SealedSnapshotStore sealed = new SealedSnapshotStore(plain.snapshots(), ring("k1", "k1"));
    join(sealed.put(KEY, "{\"state\":{\"secret\":42}}", TTL));

    assertThat(stored(KEY)).startsWith("hs1.k1.").doesNotContain("secret");
    assertThat(join(sealed.take(KEY))).contains("{\"state\":{\"secret\":42}}");
    assertThat(join(sealed.take(KEY))).isEmpty();
  }

  @Test
  void aPutBackIsSealedToo() {
    SealedSnapshotStore sealed = new SealedSnapshotStore(plain.snapshots(), ring("k1", "k1"));
    join(sealed.putBack(KEY, "{\"n\":1}", TTL));
    assertThat(stored(KEY)).startsWith("hs1.k1.");
    assertThat(join(sealed.take(KEY))).contains("{\"n\":1}");
  }

  @Test
  void aValueMovedUnderAnotherKeyDoesNotOpen() {
    SealedSnapshotStore sealed = new SealedSnapshotStore(plain.snapshots(), ring("k1", "k1"));
    join(sealed.put(KEY, "{\"n\":1}", TTL));
    join(plain.snapshots().put("handoff:other:snap:abc", stored(KEY), TTL));

    assertUnreadable(
        sealed.take("handoff:other:snap:abc"), "the snapshot does not open with its key");
  }

  @Test
  void aPlainOrForeignValueIsUnreadableNeverPassedOn() {
    SealedSnapshotStore sealed = new SealedSnapshotStore(plain.snapshots(), ring("k1", "k1"));
    join(plain.snapshots().put(KEY, "{\"state\":{}}", TTL));
    assertUnreadable(sealed.take(KEY), "the snapshot is not sealed");

    join(new SealedSnapshotStore(plain.snapshots(), ring("gone", "gone")).put(KEY, "{}", TTL));
    assertUnreadable(sealed.take(KEY), "the snapshot was sealed with an unknown key id");
  }

  @Test
  void aRotatedRingSealsWithItsFirstKeyAndStillOpensTheOld() {
    join(new SealedSnapshotStore(plain.snapshots(), ring("old", "old")).put(KEY, "{\"n\":1}", TTL));
    SealedSnapshotStore rotated =
        new SealedSnapshotStore(plain.snapshots(), ring("new", "new", "old"));

    assertThat(join(rotated.take(KEY))).contains("{\"n\":1}");
    join(rotated.put(KEY, "{\"n\":2}", TTL));
    assertThat(stored(KEY)).startsWith("hs1.new.");
  }

  @Test
  void theVersionsBesideASnapshotStayPlain() {
    SealedSnapshotStore sealed = new SealedSnapshotStore(plain.snapshots(), ring("k1", "k1"));
    join(sealed.putVersions("handoff:demo:snapv:abc", "{\"version\":1}", TTL));
    assertThat(join(plain.snapshots().versionsOf("handoff:demo:snapv:abc")))
        .contains("{\"version\":1}");
    assertThat(join(sealed.versionsOf("handoff:demo:snapv:abc")))
        .isEqualTo(Optional.of("{\"version\":1}"));
  }

  @Test
  void describesTheKeyIdsNeverTheKeys() {
    SealedSnapshotStore sealed =
        new SealedSnapshotStore(plain.snapshots(), ring("new", "new", "old"));
    assertThat(sealed.describe()).isEqualTo("sealed with aes-gcm keys new/old (sealing with new)");
  }

  private static void assertUnreadable(CompletionStage<Optional<String>> take, String reason) {
    assertThatThrownBy(() -> join(take))
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(SnapshotUnreadableException.class)
        .hasMessage(reason);
  }
}
