package dev.handoff.sidecar.store;

import dev.handoff.contract.RedisKeys;
import java.util.concurrent.CompletionStage;

/**
 * The rollout hash of each app and version ({@link RedisKeys#rollout}), one field per {@link
 * dev.handoff.contract.RolloutCounter}, which the operator reports a rollout from.
 */
public interface RolloutCounters {

  /** Adds one to a rollout counter; best effort, failures are ignored: the stage never fails. */
  CompletionStage<Void> count(String rolloutKey, String field);
}
