package dev.handoff.sidecar.store;

import dev.handoff.contract.RedisKeys;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Which versions of an app have a ready pod right now ({@link RedisKeys#ready}), for reconnect
 * steering.
 */
public interface ReadyVersions {

  /**
   * Says that a ready pod of {@code app} runs {@code version}, until {@code ttl} from now (renewed
   * while ready).
   */
  CompletionStage<Void> announce(String app, long version, Duration ttl);

  /** The versions of {@code app} that have a ready pod right now (announced and not run out). */
  CompletionStage<Set<Long>> of(String app);

  /** The newest version of {@code app} that has a ready pod right now, or -1 when none is known. */
  default CompletionStage<Long> newest(String app) {
    return of(app)
        .thenApply(versions -> versions.stream().mapToLong(Long::longValue).max().orElse(-1));
  }
}
