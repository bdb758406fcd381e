package dev.handoff.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.helm.ChartRender.Rendered;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * k8s/ serves users without Helm, so it must be exactly what the chart renders with its defaults.
 * Regenerate with {@code ./mvnw -q -pl helm test -Dhandoff.regenerate=true} after changing the
 * chart.
 */
class PlainManifestsTest {

  static final Path MANIFEST = ChartRender.ROOT.resolve("k8s/handoff.yaml");
  static final Path EXAMPLE = ChartRender.ROOT.resolve("k8s/examples/demo-app.yaml");
  static final String HEADER =
      """
            # Handoff, rendered from helm/handoff with its default values: release "handoff", namespace "handoff-system".
            # Do not edit: regenerate with  ./mvnw -q -pl helm test -Dhandoff.regenerate=true
            #
            #   kubectl create namespace handoff-system
            #   kubectl -n handoff-system create secret generic handoff-redis --from-literal=password="$(openssl rand -hex 24)"
            #   kubectl apply -n handoff-system -f k8s/handoff.yaml
            #
            # Then, in every app namespace, the Secret the injected sidecars read their Redis URL from:
            #   kubectl -n <app-namespace> create secret generic handoff-redis-url \\
            #     --from-literal=url="redis://:<password>@handoff-redis.handoff-system.svc:6379/0"
            """;

  @Test
  void matchesTheChartRenderedWithDefaults() throws IOException {
    String expected = HEADER + ChartRender.template("");
    if (Boolean.getBoolean("handoff.regenerate")) {
      Files.createDirectories(MANIFEST.getParent());
      Files.writeString(MANIFEST, expected);
    }

    assertThat(MANIFEST)
        .as("k8s/handoff.yaml is stale: ./mvnw -q -pl helm test -Dhandoff.regenerate=true")
        .hasContent(expected);
  }

  @Test
  void annotatesTheDemoAppForInjectionBehindAPlainService() throws IOException {
    Rendered example = ChartRender.parse(Files.readString(EXAMPLE));
    Deployment demo = example.one(Deployment.class);
    Service service = example.one(Service.class);
    Container app = demo.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(demo.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("handoff.dev/inject", "true")
        .containsEntry("handoff.dev/port", "http");
    assertThat(app.getPorts()).extracting(p -> p.getName()).contains("http");
    assertThat(app.getEnv()).extracting(e -> e.getName()).contains("PORT", "APP_VERSION");
    assertThat(service.getSpec().getSelector())
        .isEqualTo(demo.getSpec().getSelector().getMatchLabels());
    assertThat(demo.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
    // The Service targets the app's port by name; the webhook moves that name to the sidecar.
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
  }
}
