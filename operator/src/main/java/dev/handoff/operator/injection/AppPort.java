package dev.handoff.operator.injection;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The app container port the sidecar goes in front of, with its place in the pod spec (for patch
 * paths).
 */
public record AppPort(int containerIndex, int portIndex, Container container, ContainerPort port) {

  /**
   * Picks the port named by {@code handoff.dev/port}, or the only port the pod's containers
   * declare.
   */
  static AppPort select(List<Container> containers, Optional<PortSelector> selector) {
    List<AppPort> candidates = new ArrayList<>();
    for (int c = 0; c < containers.size(); c++) {
      Container container = containers.get(c);
      List<ContainerPort> ports = container.getPorts() == null ? List.of() : container.getPorts();
      for (int p = 0; p < ports.size(); p++) {
        ContainerPort port = ports.get(p);
        if (port.getProtocol() == null || "TCP".equals(port.getProtocol())) {
          candidates.add(new AppPort(c, p, container, port));
        }
      }
    }
    if (selector.isPresent()) {
      PortSelector wanted = selector.get();
      return candidates.stream()
          .filter(
              candidate ->
                  wanted.byName()
                      ? wanted.name().equals(candidate.port().getName())
                      : candidate.port().getContainerPort() != null
                          && wanted.number() == candidate.port().getContainerPort())
          .findFirst()
          .orElseThrow(
              () ->
                  new AnnotationException(
                      "annotation "
                          + HandoffAnnotations.PORT
                          + ": no TCP"
                          + " container port "
                          + (wanted.byName() ? "named \"" : "numbered \"")
                          + wanted
                          + "\";"
                          + " this pod declares "
                          + describe(candidates)
                          + "; use "
                          + PortSelector.ACCEPTED_FORM));
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    if (candidates.isEmpty()) {
      throw new AnnotationException(
          "annotation "
              + HandoffAnnotations.PORT
              + " is needed: no container declares"
              + " a TCP port for the sidecar to go in front of; declare one, e.g. ports: [{name: http,"
              + " containerPort: 8080}]");
    }
    throw new AnnotationException(
        "annotation "
            + HandoffAnnotations.PORT
            + " is needed: this pod declares "
            + describe(candidates)
            + "; use "
            + PortSelector.ACCEPTED_FORM);
  }

  private static String describe(List<AppPort> candidates) {
    if (candidates.isEmpty()) {
      return "no TCP ports";
    }
    return candidates.stream()
        .map(
            candidate ->
                (candidate.port().getName() == null ? "" : candidate.port().getName())
                    + "("
                    + candidate.port().getContainerPort()
                    + ") in "
                    + candidate.container().getName())
        .collect(Collectors.joining(", ", "ports ", ""));
  }

  int number() {
    return port.getContainerPort();
  }

  Optional<String> name() {
    return Optional.ofNullable(port.getName()).filter(name -> !name.isEmpty());
  }
}
