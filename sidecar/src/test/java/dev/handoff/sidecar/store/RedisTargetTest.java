package dev.handoff.sidecar.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.contract.InvalidValueException;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Which Redis a URL names, parsed by Lettuce without connecting; the description never carries the
 * URL.
 */
class RedisTargetTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @Test
  void aStandaloneUrlIsOneUriWithTheCommandTimeout() {
    RedisTarget target = RedisTarget.parse("redis://u:secret@redis.example:6380/2", TIMEOUT);
    assertThat(target).isInstanceOf(RedisTarget.Single.class);
    RedisURI uri = ((RedisTarget.Single) target).uri();
    assertThat(uri.getHost()).isEqualTo("redis.example");
    assertThat(uri.getPort()).isEqualTo(6380);
    assertThat(uri.getDatabase()).isEqualTo(2);
    assertThat(uri.getTimeout()).isEqualTo(TIMEOUT);
    assertThat(target.describe()).isEqualTo("redis redis.example:6380").doesNotContain("secret");
  }

  @Test
  void aTlsUrlSaysSo() {
    assertThat(RedisTarget.parse("rediss://redis.example:6380", TIMEOUT).describe())
        .isEqualTo("redis (tls) redis.example:6380");
  }

  @Test
  void aSentinelUrlNamesItsPrimary() {
    RedisTarget target =
        RedisTarget.parse("redis-sentinel://:secret@s1:26379,s2:26379#primary", TIMEOUT);
    assertThat(((RedisTarget.Single) target).uri().getSentinels()).hasSize(2);
    assertThat(target.describe()).isEqualTo("redis-sentinel primary");
  }

  @Test
  void aClusterUrlIsItsSeedsEachWithTheCommandTimeout() {
    RedisTarget target = RedisTarget.parse("rediss-cluster://u:secret@a:7000, b:7001,c", TIMEOUT);
    assertThat(target).isInstanceOf(RedisTarget.Cluster.class);
    assertThat(((RedisTarget.Cluster) target).seeds())
        .extracting(u -> u.getHost() + ":" + u.getPort())
        .containsExactly("a:7000", "b:7001", "c:6379");
    assertThat(((RedisTarget.Cluster) target).seeds())
        .allSatisfy(
            seed -> {
              assertThat(seed.isSsl()).isTrue();
              assertThat(seed.getTimeout()).isEqualTo(TIMEOUT);
            });
    assertThat(target.describe()).isEqualTo("redis-cluster 3 seeds");
  }

  @Test
  void aClusterUrlNoClientCanReadIsRefusedByTheContract() {
    assertThatThrownBy(() -> RedisTarget.parse("redis-cluster://[::1]:7000,[::2]:7001", TIMEOUT))
        .isInstanceOf(InvalidValueException.class);
  }
}
