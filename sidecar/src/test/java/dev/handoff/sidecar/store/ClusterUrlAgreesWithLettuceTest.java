package dev.handoff.sidecar.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.contract.RedisClusterUrl;
import dev.handoff.contract.Settings;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract keeps its own reading of a cluster URL ({@link RedisClusterUrl#seeds}: the operator
 * reads the rollout counters with it, and {@code HANDOFF_REDIS_URL} is checked with it); the
 * sidecar lets Lettuce read the URL. Every cluster URL the contract accepts must come out of
 * Lettuce as the same seeds: hosts, ports, TLS, peer verification and credentials.
 */
class ClusterUrlAgreesWithLettuceTest {

  /**
   * What of a seed decides where and how the client connects. An IPv6 host is compared without its
   * brackets: a single seed URL keeps them ({@code [::1]}), Lettuce's multi-host reading drops
   * them; both resolve alike.
   */
  private record Seed(
      String host, int port, boolean ssl, String verify, String user, String password) {
    static Seed of(RedisURI uri) {
      RedisCredentials c = uri.getCredentialsProvider().resolveCredentials().block();
      return new Seed(
          uri.getHost().replaceAll("^\\[(.*)]$", "$1"),
          uri.getPort(),
          uri.isSsl(),
          uri.getVerifyMode().name(),
          c == null ? null : c.getUsername(),
          c == null || !c.hasPassword() ? null : new String(c.getPassword()));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "redis-cluster://127.0.0.1:7000",
        "redis-cluster://redis-0:6379,redis-1:6379",
        "redis-cluster://redis-0,redis-1:6380",
        "redis-cluster://u:p@a:7000, b:7001",
        "redis-cluster://:p@a:7000,b:7001",
        "redis-cluster://p@a:7000,b:7001",
        "redis-cluster://u:p%40x@a:7000,b:7001",
        "redis-cluster://a:7000,,b:7001,",
        "REDIS-CLUSTER://A:7000",
        "rediss-cluster://a:7000/0",
        "rediss-cluster://u:p@a:7000,b:7001/",
        "rediss-cluster://a:7000,b:7001?verifyPeer=NONE",
        "rediss-cluster://a:7000,b:7001/0?verifyPeer=CA",
        "redis-cluster://[::1]:7000",
        "redis-cluster://redis-0.redis.handoff.svc.cluster.local:6379,redis-1.redis.handoff.svc.cluster.local:6379",
      })
  void lettuceReadsEveryClusterUrlTheContractAcceptsAsTheSameSeeds(String url) {
    // Accepted as the setting first: the loader starts with it, the operator hands it over.
    assertThat(Settings.REDIS_URL.parse(url)).isEqualTo(url);
    List<Seed> contract =
        RedisClusterUrl.seeds(url).stream().map(RedisURI::create).map(Seed::of).toList();
    List<Seed> lettuce =
        ((RedisTarget.Cluster) RedisTarget.parse(url, Duration.ofSeconds(1)))
            .seeds().stream().map(Seed::of).toList();
    assertThat(lettuce).isNotEmpty().isEqualTo(contract);
  }
}
