package dev.handoff.operator.injection;

import dev.handoff.contract.Settings;

/** The names users and the operator write on pods; docs/OPERATOR.md lists the user-facing ones. */
public final class HandoffAnnotations {

  public static final String INJECT = "handoff.dev/inject";
  public static final String PORT = "handoff.dev/port";
  // The annotations that set a sidecar setting are named by the contract, beside the variable they
  // set.
  public static final String VERSION = Settings.VERSION.annotation().orElseThrow();
  public static final String APP = Settings.APP.annotation().orElseThrow();
  public static final String DRAIN_TIMEOUT = Settings.DRAIN_TIMEOUT.annotation().orElseThrow();
  public static final String SNAPSHOT_TTL = Settings.SNAPSHOT_TTL.annotation().orElseThrow();
  public static final String VERSION_WINDOW = Settings.VERSION_WINDOW.annotation().orElseThrow();
  public static final String MAX_STATE_BYTES = Settings.MAX_STATE_BYTES.annotation().orElseThrow();
  public static final String BIND_COOKIE = Settings.BIND_COOKIE.annotation().orElseThrow();

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

  private HandoffAnnotations() {}
}
