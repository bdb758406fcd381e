package dev.handoff.operator.injection;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Probe;
import java.util.ArrayList;
import java.util.List;

/**
 * Points the app container's probes and lifecycle handlers that named the port the sidecar took at
 * the port's new name. The kubelet resolves such a name among the probed container's own ports
 * only, so a probe left on the old name would fail for ever. Only the name moves (the app keeps its
 * port number and the sidecar listens on a free one), so numeric ports, and gRPC probes, which only
 * take numbers, already reach the app and stay as they are.
 */
final class TakenPortReferences {

  private TakenPortReferences() {}

  static List<PatchOperation> renamed(
      Container app, String containerPath, String oldName, String newName) {
    List<PatchOperation> ops = new ArrayList<>();
    probe(ops, app.getReadinessProbe(), containerPath + "/readinessProbe", oldName, newName);
    probe(ops, app.getLivenessProbe(), containerPath + "/livenessProbe", oldName, newName);
    probe(ops, app.getStartupProbe(), containerPath + "/startupProbe", oldName, newName);
    Lifecycle lifecycle = app.getLifecycle();
    if (lifecycle != null) {
      handler(
          ops, lifecycle.getPostStart(), containerPath + "/lifecycle/postStart", oldName, newName);
      handler(ops, lifecycle.getPreStop(), containerPath + "/lifecycle/preStop", oldName, newName);
    }
    return ops;
  }

  private static void probe(
      List<PatchOperation> ops, Probe probe, String path, String oldName, String newName) {
    if (probe != null) {
      if (probe.getHttpGet() != null) {
        port(ops, probe.getHttpGet().getPort(), path + "/httpGet/port", oldName, newName);
      }
      if (probe.getTcpSocket() != null) {
        port(ops, probe.getTcpSocket().getPort(), path + "/tcpSocket/port", oldName, newName);
      }
    }
  }

  private static void handler(
      List<PatchOperation> ops,
      LifecycleHandler handler,
      String path,
      String oldName,
      String newName) {
    if (handler != null) {
      if (handler.getHttpGet() != null) {
        port(ops, handler.getHttpGet().getPort(), path + "/httpGet/port", oldName, newName);
      }
      if (handler.getTcpSocket() != null) {
        port(ops, handler.getTcpSocket().getPort(), path + "/tcpSocket/port", oldName, newName);
      }
    }
  }

  private static void port(
      List<PatchOperation> ops, IntOrString port, String path, String oldName, String newName) {
    if (port != null && oldName.equals(port.getStrVal())) {
      ops.add(PatchOperation.replace(path, newName));
    }
  }
}
