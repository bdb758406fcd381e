package dev.handoff.testkit;

import java.util.function.Supplier;

/**
 * A real Redis for a test class or each test: {@code @RegisterExtension static final
 * RedisExtension<RedisServerFixture> redis = RedisExtension.standalone();}, {@link #sentinel()} (a
 * primary, a replica, three sentinels) or {@link #cluster()} (three primaries). {@link #url()} is
 * what a sidecar's {@code HANDOFF_REDIS_URL} takes.
 */
public final class RedisExtension<T extends AutoCloseable> extends FixtureExtension<T> {
  private final java.util.function.Function<T, String> url;

  private RedisExtension(
      String what, Supplier<T> start, java.util.function.Function<T, String> url) {
    super(what, start, FixtureExtension::closeQuietly);
    this.url = url;
  }

  /** A plain {@code redis-server}, with extra arguments of its command line if any. */
  public static RedisExtension<RedisServerFixture> standalone(String... extraArgs) {
    return new RedisExtension<>(
        "redis-server", () -> RedisServerFixture.start(extraArgs), RedisServerFixture::url);
  }

  /** Redis speaking TLS only, with a certificate of {@code tls}. */
  public static RedisExtension<RedisServerFixture> tls(
      Supplier<TlsMaterial> tls, String... extraArgs) {
    return new RedisExtension<>(
        "redis-server (TLS)",
        () -> RedisServerFixture.startTls(tls.get(), extraArgs),
        RedisServerFixture::url);
  }

  public static RedisExtension<RedisSentinelFixture> sentinel() {
    return new RedisExtension<>(
        "Redis Sentinel", RedisSentinelFixture::start, RedisSentinelFixture::url);
  }

  public static RedisExtension<RedisClusterFixture> cluster() {
    return new RedisExtension<>(
        "Redis Cluster", RedisClusterFixture::start, RedisClusterFixture::url);
  }

  public String url() {
    return url.apply(get());
  }
}
