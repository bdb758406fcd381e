package dev.handoff.sidecar.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals snapshots with AES-GCM before they reach the store, so a Redis dump or replica holds
 * nothing readable. The store key is the additional authenticated data: a sealed value moved under
 * another key (another app's, another token's) does not open. Stored as {@code
 * hs1.<kid>.<iv>.<ciphertext+tag>}. Wraps the snapshots only: rollout counters and ready versions
 * hold nothing secret and do not pass through here.
 */
public final class SealedSnapshotStore implements SnapshotStore {
  private static final String PREFIX = "hs1.";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final SnapshotStore inner;
  private final SnapshotKeyRing keys;
  private final SecureRandom random = new SecureRandom();

  public SealedSnapshotStore(SnapshotStore inner, SnapshotKeyRing keys) {
    this.inner = inner;
    this.keys = keys;
  }

  @Override
  public CompletionStage<Void> put(String key, String envelope, Duration ttl) {
    return seal(key, envelope).thenCompose(box -> inner.put(key, box, ttl));
  }

  /**
   * Not sealed: the versions are no secret (the rollout counters show them too), and reading them
   * must stay cheap.
   */
  @Override
  public CompletionStage<Void> putVersions(String versionsKey, String versions, Duration ttl) {
    return inner.putVersions(versionsKey, versions, ttl);
  }

  @Override
  public CompletionStage<Optional<String>> versionsOf(String versionsKey) {
    return inner.versionsOf(versionsKey);
  }

  @Override
  public CompletionStage<Optional<String>> take(String key) {
    return inner.take(key).thenApply(found -> found.map(box -> open(key, box)));
  }

  @Override
  public CompletionStage<Void> putBack(String key, String envelope, Duration ttl) {
    return seal(key, envelope).thenCompose(box -> inner.putBack(key, box, ttl));
  }

  private CompletionStage<String> seal(String key, String envelope) {
    try {
      byte[] iv = new byte[12];
      random.nextBytes(iv);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.active(), new GCMParameterSpec(128, iv));
      cipher.updateAAD(key.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(envelope.getBytes(StandardCharsets.UTF_8));
      return CompletableFuture.completedFuture(
          PREFIX
              + keys.activeId()
              + "."
              + B64.encodeToString(iv)
              + "."
              + B64.encodeToString(sealed));
    } catch (GeneralSecurityException e) {
      return CompletableFuture.failedFuture(
          new SnapshotSealingException(
              "the snapshot could not be sealed: " + e.getClass().getSimpleName()));
    }
  }

  /**
   * Opens a sealed value; anything that does not open is unreadable (never passed on as plain
   * text).
   */
  private String open(String key, String stored) {
    String[] parts = stored.split("\\.");
    if (parts.length != 4 || !stored.startsWith(PREFIX)) {
      throw new SnapshotUnreadableException("the snapshot is not sealed");
    }
    SecretKey secret = keys.get(parts[1]);
    if (secret == null)
      throw new SnapshotUnreadableException("the snapshot was sealed with an unknown key id");
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, secret, new GCMParameterSpec(128, B64D.decode(parts[2])));
      cipher.updateAAD(key.getBytes(StandardCharsets.UTF_8));
      return new String(cipher.doFinal(B64D.decode(parts[3])), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new SnapshotUnreadableException("the snapshot does not open with its key");
    }
  }

  /** What seals the snapshots, for the start-up line: the key ids, never the keys. */
  public String describe() {
    return "sealed with " + keys.describe();
  }
}
