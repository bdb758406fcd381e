package dev.handoff.sidecar.store;

import dev.handoff.contract.RedisKeys;
import io.lettuce.core.Range;
import io.lettuce.core.ZAddArgs;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * Ready versions as a sorted set per app ({@link RedisKeys#ready}): each version scored by when its
 * latest announcement runs out, read with {@code ZRANGEBYSCORE now +inf}. On the read connection.
 */
final class RedisReadyVersions implements ReadyVersions {
  private final ReadConnections reader;

  RedisReadyVersions(ReadConnections reader) {
    this.reader = reader;
  }

  @Override
  public CompletionStage<Void> announce(String app, long version, Duration ttl) {
    String key = RedisKeys.ready(app);
    // GT: of two pods of one version, the later expiry wins; the key itself outlives idle apps by a
    // minute.
    return reader
        .get()
        .thenCompose(
            c ->
                c.zadd(
                        key,
                        ZAddArgs.Builder.gt(),
                        System.currentTimeMillis() + ttl.toMillis(),
                        Long.toString(version))
                    .thenCompose(n -> c.pexpire(key, ttl.toMillis() + 60_000)))
        .thenAccept(ok -> {});
  }

  @Override
  public CompletionStage<Set<Long>> of(String app) {
    return reader
        .get()
        .thenCompose(
            c ->
                c.zrangebyscore(
                    RedisKeys.ready(app),
                    Range.create((double) System.currentTimeMillis(), Double.POSITIVE_INFINITY)))
        .thenApply(
            versions ->
                versions.stream()
                    .map(RedisReadyVersions::version)
                    .collect(Collectors.toUnmodifiableSet()));
  }

  static long version(String member) {
    try {
      return Long.parseLong(member);
    } catch (NumberFormatException e) {
      throw new UnexpectedReplyException("a ready set holds a member that is no version");
    }
  }
}
