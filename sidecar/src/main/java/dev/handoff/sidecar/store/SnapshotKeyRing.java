package dev.handoff.sidecar.store;

import dev.handoff.sidecar.config.ConfigException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys snapshots are sealed with, from {@code HANDOFF_SNAPSHOT_KEYS=kid=base64key[,kid=base64key…]}.
 * The first key seals new snapshots; all of them open old ones, so a key can be rotated in without
 * losing the snapshots of a deploy under way.
 */
public final class SnapshotKeyRing {
  private static final Pattern KID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  private final String activeId;
  private final Map<String, SecretKey> keys;

  private SnapshotKeyRing(String activeId, Map<String, SecretKey> keys) {
    this.activeId = activeId;
    this.keys = Map.copyOf(keys);
  }

  public static SnapshotKeyRing parse(String variable, String text) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    String first = null;
    for (String entry : text.split(",")) {
      String e = entry.trim();
      int eq = e.indexOf('=');
      if (eq <= 0) throw new ConfigException(variable + ": each key is written <id>=<base64 key>");
      String kid = e.substring(0, eq);
      if (!KID.matcher(kid).matches()) {
        throw new ConfigException(variable + ": key id '" + kid + "' must be 1-32 letters, digits, '_' or '-'");
      }
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(e.substring(eq + 1).trim());
      } catch (IllegalArgumentException ex) {
        // Never echo key material.
        throw new ConfigException(variable + ": the key '" + kid + "' is not valid base64");
      }
      if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
        throw new ConfigException(variable + ": the key '" + kid + "' has " + raw.length
            + " bytes; AES needs 16, 24 or 32");
      }
      if (keys.put(kid, new SecretKeySpec(raw, "AES")) != null) {
        throw new ConfigException(variable + ": the key id '" + kid + "' appears twice");
      }
      if (first == null) first = kid;
    }
    if (first == null) throw new ConfigException(variable + ": no key given");
    return new SnapshotKeyRing(first, keys);
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
