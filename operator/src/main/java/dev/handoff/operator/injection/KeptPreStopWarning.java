package dev.handoff.operator.injection;

import io.fabric8.kubernetes.api.model.LifecycleHandler;
import java.time.Duration;

/**
 * What to tell a user whose app container keeps its own preStop hook. A hook runs exactly one
 * action, so the advice depends on which: an exec command can be extended, a sleep lengthened, an
 * httpGet or tcpSocket only removed.
 */
final class KeptPreStopWarning {

  private KeptPreStopWarning() {}

  static String of(String container, LifecycleHandler hook, int adminPort, Duration drainTimeout) {
    long drainSeconds = (drainTimeout.toMillis() + 999) / 1000;
    String url = "http://127.0.0.1:" + adminPort + "/drain/wait";
    String remove = "remove the hook so the webhook gives the container one that waits";
    String advice;
    if (hook.getExec() != null) {
      advice =
          "to wait for that, append `wget -q -O- "
              + url
              + "` (or `curl -s "
              + url
              + "`, or `sleep "
              + drainSeconds
              + "`, the drain timeout) to the hook's command, or "
              + remove;
    } else if (hook.getSleep() != null) {
      advice =
          "to wait for that, raise the hook's sleep.seconds to at least "
              + drainSeconds
              + " (the drain timeout), or "
              + remove;
    } else {
      advice = "a hook runs one action, so to wait for that " + remove;
    }
    return "handoff: container "
        + container
        + " keeps its own preStop hook, so it may get SIGTERM before the"
        + " sidecar has handed its sessions off; "
        + advice;
  }
}
