package dev.handoff.sidecar.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * A ready set's members are versions; anything else is the store's typed failure, not a
 * NumberFormatException.
 */
class RedisReadyVersionsTest {
  @Test
  void aMemberThatIsNoVersionIsAnUnexpectedReply() {
    assertThat(RedisReadyVersions.version("42")).isEqualTo(42L);
    assertThatThrownBy(() -> RedisReadyVersions.version("v42"))
        .isInstanceOf(UnexpectedReplyException.class)
        .isInstanceOf(SnapshotStoreException.class);
  }
}
