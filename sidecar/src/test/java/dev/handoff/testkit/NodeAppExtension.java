package dev.handoff.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A rolling deploy of a Node app (a script under {@code client/test/apps/}) for one test class: a
 * real redis-server for the class; per test, {@link NodePod}s (the app at a version behind a real
 * sidecar process) and a real HAProxy in front of them, all stopped after the test.
 *
 * <pre>
 * {@code @RegisterExtension static final NodeAppExtension deploy = new NodeAppExtension("demo", "socketio-server.mjs");}
 * </pre>
 *
 * Fails the class at once, with one line saying to run {@code cd client && npm ci}, when the npm
 * packages are not installed.
 */
public final class NodeAppExtension
    implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  private final String appName;
  private final String script;
  private final Map<String, String> sidecarEnv;
  private final List<AutoCloseable> running = new ArrayList<>();
  private RedisServerFixture redis;
  private LoadBalancer balancer;

  public NodeAppExtension(String appName, String script) {
    this(appName, script, Map.of());
  }

  /**
   * @param sidecarEnv settings every sidecar of the class gets, as environment variables
   */
  public NodeAppExtension(String appName, String script, Map<String, String> sidecarEnv) {
    this.appName = appName;
    this.script = script;
    this.sidecarEnv = Map.copyOf(sidecarEnv);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    NodeApp.requireClientPackages();
    redis = RedisServerFixture.start();
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (balancer != null) balancer.close();
    balancer = null;
    for (int i = running.size() - 1; i >= 0; i--) running.get(i).close();
    running.clear();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (redis != null) redis.close();
  }

  /**
   * A pod of the app at {@code version}, started with the script's {@code flags}; stopped after the
   * test.
   */
  public NodePod pod(long version, String... flags) {
    NodePod pod = NodePod.start(appName, script, version, redis.url(), sidecarEnv, flags);
    running.add(pod);
    return pod;
  }

  /** The balancer, started with {@code first} as its only pod on the first call. */
  public LoadBalancer balancer(NodePod first) {
    if (balancer == null) balancer = LoadBalancer.start(List.of(first.backend()));
    return balancer;
  }

  /** The next version joins the Service: it takes traffic once the balancer sees it up. */
  public void rollTo(NodePod next) {
    if (balancer == null)
      throw new IllegalStateException("no balancer yet: call balancer(first) first");
    balancer.addAndAwaitUp(next.backend());
  }

  public RedisServerFixture redis() {
    return redis;
  }
}
