package dev.handoff.operator.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How the kubelet finds the port of a probe or lifecycle handler, written from the Kubernetes rules
 * rather than from the webhook's code:
 *
 * <ul>
 *   <li>a port <em>name</em> is looked up among the ports of the container that owns the probe or
 *       handler, never among the pod's other containers; no match is an error and the result is
 *       thrown away;
 *   <li>a port <em>number</em> is dialled on the pod IP as it is. All containers share the network,
 *       so a probe on a number another container declares checks that other container, not its own.
 *       Undeclared numbers are fine (declaring ports is optional). A lifecycle handler is an action
 *       rather than a health check, so it may call a sibling by number on purpose (the app's
 *       preStop waiting on the sidecar's admin port).
 * </ul>
 */
public final class KubeletPortRules {

  private KubeletPortRules() {}

  /**
   * One line per probe or handler whose port does not reach its own container; empty when all do.
   */
  public static List<String> violations(Pod pod) {
    List<Container> containers =
        Stream.concat(
                Optional.ofNullable(pod.getSpec().getInitContainers()).orElse(List.of()).stream(),
                Optional.ofNullable(pod.getSpec().getContainers()).orElse(List.of()).stream())
            .toList();
    List<String> violations = new ArrayList<>();
    for (Container container : containers) {
      Set<String> ownNames =
          ports(container)
              .map(ContainerPort::getName)
              .filter(n -> n != null)
              .collect(Collectors.toSet());
      Set<Integer> ownNumbers =
          ports(container).map(ContainerPort::getContainerPort).collect(Collectors.toSet());
      Set<Integer> siblingNumbers =
          containers.stream()
              .filter(c -> c != container)
              .flatMap(KubeletPortRules::ports)
              .map(ContainerPort::getContainerPort)
              .filter(n -> !ownNumbers.contains(n))
              .collect(Collectors.toSet());
      Rule rule = new Rule(container.getName(), ownNames, siblingNumbers, violations);
      rule.probe("readinessProbe", container.getReadinessProbe());
      rule.probe("livenessProbe", container.getLivenessProbe());
      rule.probe("startupProbe", container.getStartupProbe());
      Lifecycle lifecycle = container.getLifecycle();
      if (lifecycle != null) {
        rule.handler("lifecycle.postStart", lifecycle.getPostStart());
        rule.handler("lifecycle.preStop", lifecycle.getPreStop());
      }
    }
    return violations;
  }

  private static Stream<ContainerPort> ports(Container container) {
    return Optional.ofNullable(container.getPorts()).orElse(List.of()).stream();
  }

  private record Rule(
      String container,
      Set<String> ownNames,
      Set<Integer> siblingNumbers,
      List<String> violations) {

    void probe(String field, Probe probe) {
      if (probe == null) {
        return;
      }
      if (probe.getHttpGet() != null) {
        port(field + ".httpGet.port", probe.getHttpGet().getPort(), true);
      }
      if (probe.getTcpSocket() != null) {
        port(field + ".tcpSocket.port", probe.getTcpSocket().getPort(), true);
      }
      if (probe.getGrpc() != null) {
        port(field + ".grpc.port", new IntOrString(probe.getGrpc().getPort()), true);
      }
    }

    void handler(String field, LifecycleHandler handler) {
      if (handler == null) {
        return;
      }
      if (handler.getHttpGet() != null) {
        port(field + ".httpGet.port", handler.getHttpGet().getPort(), false);
      }
      if (handler.getTcpSocket() != null) {
        port(field + ".tcpSocket.port", handler.getTcpSocket().getPort(), false);
      }
    }

    private void port(String field, IntOrString port, boolean healthCheck) {
      String where = "container " + container + " " + field;
      if (port == null || (port.getIntVal() == null && port.getStrVal() == null)) {
        violations.add(where + " has no port");
      } else if (port.getStrVal() != null) {
        if (!ownNames.contains(port.getStrVal())) {
          violations.add(
              where
                  + " names port \""
                  + port.getStrVal()
                  + "\", which is not among this"
                  + " container's ports "
                  + ownNames);
        }
      } else if (port.getIntVal() < 1 || port.getIntVal() > 65535) {
        violations.add(where + " is " + port.getIntVal() + ", not a port number");
      } else if (healthCheck && siblingNumbers.contains(port.getIntVal())) {
        violations.add(
            where + " is " + port.getIntVal() + ", a port of another container of the pod");
      }
    }
  }
}
