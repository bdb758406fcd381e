package dev.handoff.operator.testing;

import dev.handoff.testkit.FixtureExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;

/**
 * Fabric8's Kubernetes mock server in CRUD mode, started once per test class (the JUnit extension
 * starts one per test method, which costs half a second each): {@code @RegisterExtension static
 * final MockApiServer.Extension api = MockApiServer.extension();}.
 */
public final class MockApiServer implements AutoCloseable {

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  public MockApiServer() {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    client = server.createClient();
  }

  /** One server for the test class (a static field) or for each test (an instance field). */
  public static Extension extension() {
    return new Extension();
  }

  /** The server as a JUnit extension; {@link #client()} is its client. */
  public static final class Extension extends FixtureExtension<MockApiServer> {
    private Extension() {
      super("the Kubernetes mock API server", MockApiServer::new, MockApiServer::close);
    }

    public KubernetesClient client() {
      return get().client();
    }
  }

  public KubernetesClient client() {
    return client;
  }

  /** Another client of the same server, e.g. one per leader-election candidate. */
  public KubernetesClient newClient() {
    return server.createClient();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
