package dev.handoff.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;

/**
 * Fabric8's Kubernetes mock server in CRUD mode, started once per test class (the JUnit extension starts one per
 * test method, which costs half a second each).
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
