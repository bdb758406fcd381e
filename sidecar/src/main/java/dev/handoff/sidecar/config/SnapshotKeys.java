package dev.handoff.sidecar.config;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The key material of {@code HANDOFF_SNAPSHOT_KEYS=kid=base64key[,kid=base64key…]}, checked: ids of
 * 1-32 letters, digits, '_' or '-', each key base64 of 16, 24 or 32 bytes (AES), no id twice. The
 * first key seals new snapshots; all of them open old ones, so a key can be rotated in without
 * losing the snapshots of a deploy under way. The store builds its cipher keys from this ({@code
 * SnapshotKeyRing}); the material never appears in a message or in {@link #toString()}.
 */
public final class SnapshotKeys {
  private static final Pattern KID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  private final String activeId;
  private final Map<String, byte[]> keys;

  private SnapshotKeys(String activeId, Map<String, byte[]> keys) {
    this.activeId = activeId;
    this.keys = keys;
  }

  /** {@code variable} names the setting in the one-line messages of a refused value. */
  public static SnapshotKeys parse(String variable, String text) {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    String first = null;
    for (String entry : text.split(",")) {
      String e = entry.trim();
      int eq = e.indexOf('=');
      // Nothing but '=' after the first one: a key written without its id, and that '=' its base64
      // padding.
      if (eq <= 0 || e.substring(eq).chars().allMatch(c -> c == '=')) {
        throw new ConfigException(variable + ": each key is written <id>=<base64 key>");
      }
      String kid = e.substring(0, eq);
      if (!KID.matcher(kid).matches()) {
        // Not echoed: what stands before the '=' may be key material.
        throw new ConfigException(variable + ": a key id must be 1-32 letters, digits, '_' or '-'");
      }
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(e.substring(eq + 1).trim());
      } catch (IllegalArgumentException ex) {
        // Never echo key material.
        throw new ConfigException(variable + ": the key '" + kid + "' is not valid base64");
      }
      if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
        throw new ConfigException(
            variable
                + ": the key '"
                + kid
                + "' has "
                + raw.length
                + " bytes; AES needs 16, 24 or 32");
      }
      if (keys.put(kid, raw) != null) {
        throw new ConfigException(variable + ": the key id '" + kid + "' appears twice");
      }
      if (first == null) first = kid;
    }
    if (first == null) throw new ConfigException(variable + ": no key given");
    return new SnapshotKeys(first, keys);
  }

  /** The id of the key that seals new snapshots. */
  public String activeId() {
    return activeId;
  }

  /** Every key id, the active one first, in the order given. */
  public List<String> ids() {
    return List.copyOf(keys.keySet());
  }

  /** A copy of the key behind {@code kid}; one of {@link #ids()}. */
  public byte[] key(String kid) {
    byte[] raw = keys.get(kid);
    if (raw == null) throw new IllegalArgumentException("no key id '" + kid + "'");
    return raw.clone();
  }

  /** Key ids only: a config printed in a log must not carry the keys. */
  @Override
  public String toString() {
    return "SnapshotKeys" + ids();
  }
}
