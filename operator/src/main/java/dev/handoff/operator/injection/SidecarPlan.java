package dev.handoff.operator.injection;

/**
 * The per-pod decisions the sidecar container is built from; {@code tmpVolume} names the pod volume
 * mounted at /tmp, {@code redisCaVolume} the one holding the Redis CA, used only when the operator
 * is configured with one.
 */
record SidecarPlan(
    String app,
    long version,
    HandoffOptions options,
    String listenPortName,
    int listenPort,
    int adminPort,
    int upstreamPort,
    String tmpVolume,
    String redisCaVolume) {}
