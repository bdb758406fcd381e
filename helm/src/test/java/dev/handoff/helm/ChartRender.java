package dev.handoff.helm;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Renders helm/handoff in-process (helm-java) as release {@value #RELEASE} in {@value #NAMESPACE},
 * the way {@code helm install handoff helm/handoff -n handoff-system} would, and parses every
 * document into typed Fabric8 objects; kinds Fabric8 has no class for (ServiceMonitor,
 * Certificate…) come back as GenericKubernetesResource.
 */
final class ChartRender {

  static final String RELEASE = "handoff";
  static final String NAMESPACE = "handoff-system";
  static final Path ROOT =
      Path.of(System.getProperty("handoff.root", "..")).toAbsolutePath().normalize();
  static final Path CHART = ROOT.resolve("helm/handoff");

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  /** Rendering costs a native call and a temp file; the same values always give the same render. */
  private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

  private ChartRender() {}

  static Rendered defaults() {
    return with("");
  }

  /** Renders with a values file holding {@code valuesYaml} on top of the chart's defaults. */
  static Rendered with(String valuesYaml) {
    return CACHE.computeIfAbsent(valuesYaml, yaml -> parse(template(yaml)));
  }

  /**
   * The raw YAML {@code helm template} prints; throws IllegalStateException when the values are
   * refused.
   */
  static String template(String valuesYaml) {
    try {
      Path values = Files.createTempFile("handoff-values", ".yaml");
      try {
        Files.writeString(values, valuesYaml);
        return new Helm(CHART)
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withValuesFile(values)
            .call();
      } finally {
        Files.deleteIfExists(values);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What {@code helm install} prints, NOTES.txt included ({@code helm template} never renders
   * NOTES), from a client-only dry run: no cluster is contacted.
   */
  static String installNotes(String valuesYaml) {
    try {
      Path values = Files.createTempFile("handoff-values", ".yaml");
      try {
        Files.writeString(values, valuesYaml);
        return new Helm(CHART)
            .install()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .clientOnly()
            .dryRun()
            .withValuesFile(values)
            .call()
            .getOutput();
      } finally {
        Files.deleteIfExists(values);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Rendered parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
      if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
        continue;
      }
      objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
    }
    return new Rendered(yaml, List.copyOf(objects));
  }

  /**
   * One render: its text and its objects, with finders that fail loudly when an object is missing.
   */
  record Rendered(String yaml, List<HasMetadata> objects) {

    <T extends HasMetadata> List<T> all(Class<T> type) {
      return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type) {
      List<T> found = all(type);
      if (found.size() != 1) {
        throw new AssertionError(
            "expected one " + type.getSimpleName() + ", found " + found.size());
      }
      return found.get(0);
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
      return find(type, name)
          .orElseThrow(
              () ->
                  new AssertionError(
                      "no "
                          + type.getSimpleName()
                          + " "
                          + name
                          + " among "
                          + objects.stream()
                              .map(o -> o.getKind() + "/" + o.getMetadata().getName())
                              .toList()));
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
      return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    List<GenericKubernetesResource> kind(String kind) {
      return all(GenericKubernetesResource.class).stream()
          .filter(o -> o.getKind().equals(kind))
          .toList();
    }

    Deployment operator() {
      return named(Deployment.class, "handoff-operator");
    }

    /** The operator container's environment as name → value (valueFrom entries map to null). */
    Map<String, EnvVar> operatorEnv() {
      Map<String, EnvVar> env = new java.util.LinkedHashMap<>();
      operator()
          .getSpec()
          .getTemplate()
          .getSpec()
          .getContainers()
          .get(0)
          .getEnv()
          .forEach(var -> env.put(var.getName(), var));
      return env;
    }

    String operatorEnvValue(String name) {
      EnvVar var = operatorEnv().get(name);
      return var == null ? null : var.getValue();
    }
  }
}
