package dev.handoff.operator.injection;

/** The names users and the operator write on pods; docs/OPERATOR.md lists the user-facing ones. */
public final class HandoffAnnotations {

    public static final String INJECT = "handoff.dev/inject";
    public static final String PORT = "handoff.dev/port";
    public static final String VERSION = "handoff.dev/version";
    public static final String APP = "handoff.dev/app";
    public static final String DRAIN_TIMEOUT = "handoff.dev/drain-timeout";
    public static final String SNAPSHOT_TTL = "handoff.dev/snapshot-ttl";
    public static final String VERSION_WINDOW = "handoff.dev/version-window";
    public static final String MAX_STATE_BYTES = "handoff.dev/max-state-bytes";
    public static final String BIND_COOKIE = "handoff.dev/bind-cookie";

    /** Stamped by the webhook; its presence makes a second admission pass a no-op. */
    public static final String STATUS = "handoff.dev/status";
    public static final String STATUS_INJECTED = "injected";
    public static final String SIDECAR_VERSION = "handoff.dev/sidecar-version";
    /** Stamped when the app container already had a preStop hook that the webhook left in place. */
    public static final String APP_PRESTOP = "handoff.dev/app-prestop";
    public static final String APP_PRESTOP_KEPT = "kept";

    public static final String LABEL_APP_NAME = "app.kubernetes.io/name";
    public static final String LABEL_APP = "app";
    public static final String LABEL_POD_TEMPLATE_HASH = "pod-template-hash";
    /** The annotation the Deployment controller writes on Deployments and their ReplicaSets. */
    public static final String DEPLOYMENT_REVISION = "deployment.kubernetes.io/revision";

    public static final String SIDECAR_NAME = "handoff-sidecar";

    private HandoffAnnotations() {
    }
}
