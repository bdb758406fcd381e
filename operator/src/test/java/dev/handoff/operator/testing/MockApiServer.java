package dev.handoff.operator.testing;

import dev.handoff.testkit.FixtureExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;

/**
 * Fabric8's Kubernetes mock server in CRUD mode, started once per test class (the JUnit extension starts one per
 * test method, which costs half a second each): {@code @RegisterExtension static final FixtureExtension<MockApiServer>
 * api = MockApiServer.extension();}.
 */
public final class MockApiServer implements AutoCloseable {

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    public MockApiServer() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
    }

    /** One server for the test class (a static field) or for each test (an instance field). */
    public static FixtureExtension<MockApiServer> extension() {
        return FixtureExtension.of("the Kubernetes mock API server", MockApiServer::new);
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
