package dev.handoff.sidecar.handoff;

/**
 * Which versions this pod restores: a snapshot (or page) at K is accepted by a pod at V when V-W <=
 * K <= V.
 */
public record VersionWindow(long version, int width) {
  public boolean accepts(long k) {
    return k <= version && k >= version - width;
  }

  /**
   * The restore rule: both the snapshot's version and the page's (when the client reported one) in
   * the window.
   */
  public boolean restores(SnapshotVersions snapshot) {
    return accepts(snapshot.version())
        && (snapshot.pageVersion() == null || accepts(snapshot.pageVersion()));
  }

  /** The same rule at another version: pods of one app share {@code HANDOFF_VERSION_WINDOW}. */
  public VersionWindow at(long otherVersion) {
    return new VersionWindow(otherVersion, width);
  }
}
