package dev.handoff.sidecar.store;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES keys snapshots are sealed with: the active one seals new snapshots, all of them open old
 * ones. Built from key material the configuration has already checked (the sidecar's {@code
 * HANDOFF_SNAPSHOT_KEYS}).
 */
public final class SnapshotKeyRing {
  private final String activeId;
  private final Map<String, SecretKey> keys;

  /**
   * @param keys key id to raw AES key (16, 24 or 32 bytes), in the order given; must hold {@code
   *     activeId}
   */
  public SnapshotKeyRing(String activeId, Map<String, byte[]> keys) {
    Map<String, SecretKey> ring = new LinkedHashMap<>();
    keys.forEach((kid, raw) -> ring.put(kid, new SecretKeySpec(raw, "AES")));
    if (!ring.containsKey(activeId))
      throw new IllegalArgumentException("no key for the active id " + activeId);
    this.activeId = activeId;
    this.keys = ring;
  }

  String activeId() {
    return activeId;
  }

  SecretKey active() {
    return keys.get(activeId);
  }

  SecretKey get(String kid) {
    return keys.get(kid);
  }

  /** Key ids only, for the start-up log line. */
  public String describe() {
    return "aes-gcm keys " + String.join("/", keys.keySet()) + " (sealing with " + activeId + ")";
  }
}
