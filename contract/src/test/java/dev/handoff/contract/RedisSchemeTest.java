package dev.handoff.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisSchemeTest {

  @Test
  void knowsTheFiveSchemesTheSidecarConnectsWith() {
    assertThat(RedisScheme.of("redis://h:6379")).contains(RedisScheme.REDIS);
    assertThat(RedisScheme.of("REDISS://h:6380")).contains(RedisScheme.REDISS);
    assertThat(RedisScheme.of("redis-sentinel://h:26379#primary"))
        .contains(RedisScheme.REDIS_SENTINEL);
    assertThat(RedisScheme.of("redis-cluster://h:7000")).contains(RedisScheme.REDIS_CLUSTER);
    assertThat(RedisScheme.of("rediss-cluster://h:7000")).contains(RedisScheme.REDISS_CLUSTER);
    assertThat(RedisScheme.of("http://h")).isEmpty();
    assertThat(RedisScheme.of("rediss-sentinel://h")).isEmpty();
  }

  @Test
  void turnsAClusterUrlIntoOneSeedPerNodeWithTheCredentials() {
    assertThat(RedisClusterUrl.seeds("redis-cluster://u:p@a:7000, b:7001"))
        .containsExactly("redis://u:p@a:7000", "redis://u:p@b:7001");
    assertThat(RedisClusterUrl.seeds("rediss-cluster://a:7000/0"))
        .containsExactly("rediss://a:7000");
    assertThatThrownBy(() -> RedisClusterUrl.seeds("redis://a:6379"))
        .isInstanceOf(InvalidValueException.class);
  }

  @Test
  void writesAClusterUrlAsTheOneMultiHostUrlLettuceReads() {
    assertThat(RedisClusterUrl.asRedisUrl("redis-cluster://u:p@a:7000, b:7001,,"))
        .isEqualTo("redis://u:p@a:7000,b:7001");
    assertThat(RedisClusterUrl.asRedisUrl("REDISS-CLUSTER://a:7000/0"))
        .isEqualTo("rediss://a:7000");
  }

  /** The options used to reach the last seed only (no path) or no seed at all (after a path). */
  @Test
  void givesTheUrlsOptionsToEverySeed() {
    assertThat(RedisClusterUrl.seeds("rediss-cluster://a:7000,b:7001?verifyPeer=NONE"))
        .containsExactly("rediss://a:7000?verifyPeer=NONE", "rediss://b:7001?verifyPeer=NONE");
    assertThat(RedisClusterUrl.seeds("rediss-cluster://a:7000,b:7001/0?verifyPeer=NONE#x"))
        .containsExactly("rediss://a:7000?verifyPeer=NONE", "rediss://b:7001?verifyPeer=NONE");
    assertThat(RedisClusterUrl.asRedisUrl("rediss-cluster://a:7000,b:7001/?verifyPeer=NONE"))
        .isEqualTo("rediss://a:7000,b:7001?verifyPeer=NONE");
  }

  @Test
  void refusesAClusterUrlWithoutHostsOrWithSeveralIpv6Addresses() {
    assertThatThrownBy(() -> RedisClusterUrl.seeds("redis-cluster://u:p@/0"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("at least one host:port");
    assertThatThrownBy(() -> RedisClusterUrl.asRedisUrl("redis-cluster://[::1]:7000,[::2]:7001"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("IPv6");
    assertThat(RedisClusterUrl.seeds("redis-cluster://[::1]:7000"))
        .containsExactly("redis://[::1]:7000");
  }

  @Test
  void countsEveryRolloutOutcomeUnderItsLowerCaseField() {
    assertThat(RolloutCounter.STORE_ERROR.field()).isEqualTo("store_error");
    assertThat(RolloutCounter.UNAVAILABLE.field()).isEqualTo("unavailable");
    assertThat(RedisKeys.rollout("shop", 7)).isEqualTo("handoff:shop:rollout:7");
    assertThat(RedisKeys.snapshotVersions("shop", "ab")).isEqualTo("handoff:shop:snapv:ab");
  }
}
