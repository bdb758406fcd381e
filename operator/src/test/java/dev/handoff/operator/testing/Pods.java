package dev.handoff.operator.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Realistic pods, read from YAML under src/test/resources/pods, and lookups into them. */
public final class Pods {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Pods() {}

  public static Pod load(String name) {
    return SERIALIZATION.unmarshal(resource("/pods/" + name + ".yaml"), Pod.class);
  }

  public static String resource(String path) {
    try (InputStream in = Pods.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Container container(Pod pod, String name) {
    return find(pod, name).orElseThrow(() -> new AssertionError("no container " + name));
  }

  public static Optional<Container> find(Pod pod, String name) {
    Optional<Container> regular =
        pod.getSpec().getContainers().stream().filter(c -> name.equals(c.getName())).findFirst();
    if (regular.isPresent() || pod.getSpec().getInitContainers() == null) {
      return regular;
    }
    return pod.getSpec().getInitContainers().stream()
        .filter(c -> name.equals(c.getName()))
        .findFirst();
  }

  public static String env(Container container, String name) {
    return container.getEnv().stream()
        .filter(e -> name.equals(e.getName()))
        .findFirst()
        .map(e -> e.getValue())
        .orElseThrow(() -> new AssertionError("no env " + name));
  }

  /** The whole variable, for those that come from a Secret (their value is null). */
  public static EnvVar envVar(Container container, String name) {
    return container.getEnv().stream()
        .filter(e -> name.equals(e.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no env " + name));
  }

  public static String yaml(Pod pod) {
    return SERIALIZATION.asYaml(pod);
  }
}
