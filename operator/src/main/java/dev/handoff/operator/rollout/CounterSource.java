package dev.handoff.operator.rollout;

/** Where the per-version counters come from. */
public interface CounterSource extends AutoCloseable {

  /** Throws {@link CountersUnavailableException} when the store cannot be read right now. */
  RolloutCounters read(String app, long version);

  @Override
  default void close() {}
}
