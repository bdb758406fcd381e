package dev.handoff.testkit;

import java.util.List;

/**
 * A real HAProxy with no pods yet, for a test class or each test; the test adds and removes pods as
 * a rolling deploy does ({@link LoadBalancer#addAndAwaitUp}, {@link LoadBalancer#remove}).
 */
public final class LoadBalancerExtension extends FixtureExtension<LoadBalancer> {
  public LoadBalancerExtension() {
    super("HAProxy", () -> LoadBalancer.start(List.of()), LoadBalancer::close);
  }
}
