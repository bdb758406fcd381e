package dev.handoff.operator.injection;

/** The per-pod decisions the sidecar container is built from. */
record SidecarPlan(
        String app,
        long version,
        HandoffOptions options,
        String listenPortName,
        int listenPort,
        int adminPort,
        int upstreamPort) {
}
