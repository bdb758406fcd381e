package dev.handoff.sidecar.handoff;

/** Which versions this pod restores: a snapshot (or page) at K is accepted by a pod at V when V-W <= K <= V. */
public record VersionWindow(long version, int width) {
  public boolean accepts(long k) {
    return k <= version && k >= version - width;
  }
}
