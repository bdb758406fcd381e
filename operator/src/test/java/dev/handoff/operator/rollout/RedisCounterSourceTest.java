package dev.handoff.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.operator.tls.CertificateIssuer;
import dev.handoff.operator.tls.WebhookIdentity;
import dev.handoff.testkit.RedisServerFixture;
import dev.handoff.testkit.TlsMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller's own connection to a real redis-server over TLS, signed by a private CA
 * (HANDOFF_REDIS_CA_FILE).
 */
@Tag("integration")
class RedisCounterSourceTest {

  @TempDir static Path files;

  private static Path caFile;
  private static RedisServerFixture redis;

  @BeforeAll
  static void startRedisWithAPrivateCa() throws Exception {
    WebhookIdentity identity =
        new CertificateIssuer().issueWithNewCa(List.of("localhost"), Instant.now());
    caFile = Files.writeString(files.resolve("ca.crt"), identity.caPem());
    redis =
        RedisServerFixture.startTls(
            new TlsMaterial(
                caFile,
                Files.writeString(files.resolve("tls.crt"), identity.certificatePem()),
                Files.writeString(files.resolve("tls.key"), identity.keyPem())));
    redis.commands().hset(RolloutCounters.key("shop", 7), Map.of("stored", "12"));
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Test
  void readsCountersOverTlsTrustingThePrivateCa() {
    try (RedisCounterSource counters =
        new RedisCounterSource(redis.urlByName(), Optional.of(caFile))) {
      assertThat(counters.read("shop", 7))
          .isEqualTo(RolloutCounters.fromHash(Map.of("stored", "12")));
    }
  }

  @Test
  void reportsAServerItCannotTrustAsUnavailableCounters() {
    try (RedisCounterSource counters =
        new RedisCounterSource(redis.urlByName(), Optional.empty())) {
      assertThatThrownBy(() -> counters.read("shop", 7))
          .isInstanceOf(CountersUnavailableException.class);
    }
  }

  @Test
  void startsWithoutTheCaFileAndReadsOnceItAppears() throws Exception {
    // The chart mounts the CA optionally: a missing Secret must cost the reports, never the
    // operator's start.
    Path later = files.resolve("later.crt");
    try (RedisCounterSource counters =
        new RedisCounterSource(redis.urlByName(), Optional.of(later))) {
      assertThatThrownBy(() -> counters.read("shop", 7))
          .isInstanceOf(CountersUnavailableException.class);

      Files.copy(caFile, later);

      assertThat(counters.read("shop", 7).get(dev.handoff.contract.RolloutCounter.STORED))
          .isEqualTo(12);
    }
  }
}
