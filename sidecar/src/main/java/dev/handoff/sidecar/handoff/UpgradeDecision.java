package dev.handoff.sidecar.handoff;

import dev.handoff.contract.ControlFrames;
import dev.handoff.contract.Subprotocol;
import dev.handoff.contract.UpgradeHeaders;
import dev.handoff.sidecar.config.SidecarConfig;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The protocol's decisions about one WebSocket upgrade (docs/PROTOCOL.md), each a pure function of
 * what is known at that step: whether it is refused, which token it restores, what the app's
 * upgrade carries, which subprotocol the client is answered with, and the first frame the client
 * gets. The proxy carries them out; the facts that need the store or the app (steering, the
 * restore, the app's choice) it learns itself and hands in here.
 *
 * <ol>
 *   <li>{@link #admission}: a draining pod refuses at once.
 *   <li>{@link #offer}, {@link #tokenToRestore}: only an opted-in upgrade with a token is steered
 *       and restored.
 *   <li>{@link #steering}: steered away, the upgrade is refused without touching the snapshot.
 *   <li>{@link #upstreamHeaders}: the restore headers the app's upgrade carries.
 *   <li>{@link #answer}: the subprotocol the client hears.
 *   <li>{@link #greeting}: {@code hello} or {@code refresh}.
 * </ol>
 */
public final class UpgradeDecision {

  /**
   * An upgrade answered over HTTP instead: the client retries, after {@code retryAfter} seconds.
   */
  public record Refusal(int status, String retryAfter, String body) {}

  /**
   * Endpoint removal races the drain: the client retries and lands on a pod that is still serving.
   */
  public static final Refusal DRAINING =
      new Refusal(UpgradeHeaders.RETRY_STATUS, UpgradeHeaders.RETRY_AFTER_DRAINING, "draining\n");

  /**
   * A newer version that restores the snapshot is ready elsewhere: the client retries (with jitter)
   * there.
   */
  public static final Refusal STEERED =
      new Refusal(
          UpgradeHeaders.RETRY_STATUS,
          UpgradeHeaders.RETRY_AFTER_STEERED,
          "a newer version of the app is ready on another pod\n");

  private final String app;
  private final long version;
  private final int stateHeaderBudget;

  public UpgradeDecision(String app, long version, int stateHeaderBudget) {
    this.app = app;
    this.version = version;
    this.stateHeaderBudget = stateHeaderBudget;
  }

  public static UpgradeDecision of(SidecarConfig config) {
    return new UpgradeDecision(config.app(), config.version(), config.stateHeaderBudget());
  }

  /** Step 1: refused while the pod drains ({@code admitted} is the drain's answer). */
  public static Optional<Refusal> admission(boolean admitted) {
    return admitted ? Optional.empty() : Optional.of(DRAINING);
  }

  /**
   * The client's {@code Sec-WebSocket-Protocol} values, split into the hand-off's entries and the
   * app's.
   */
  public static Subprotocols offer(List<String> protocolHeaderValues) {
    return Subprotocols.parse(protocolHeaderValues);
  }

  /**
   * Step 2: the token to steer and restore; only an upgrade that opted in with {@code handoff.v1}
   * has one.
   */
  public static Optional<String> tokenToRestore(Subprotocols offer) {
    return offer.optedIn() ? offer.token() : Optional.empty();
  }

  /** Step 3: refused when steering sends the client on to a newer version. */
  public static Optional<Refusal> steering(boolean steerAway) {
    return steerAway ? Optional.of(STEERED) : Optional.empty();
  }

  /**
   * Step 4: the headers the sidecar adds to the app's upgrade (clients' own copies are dropped on
   * the way in): for a restored snapshot its version, and its state when the base64url of it fits
   * the header budget.
   *
   * @param restore the restore's decision; null when no token was presented
   */
  public Map<String, String> upstreamHeaders(Restore restore) {
    if (restore == null || !restore.restored()) return Map.of();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(UpgradeHeaders.RESTORED_FROM, Long.toString(restore.envelope().version()));
    String encoded =
        UpgradeHeaders.encodeState(restore.envelope().state().getBytes(StandardCharsets.UTF_8));
    if (encoded.length() <= stateHeaderBudget) headers.put(UpgradeHeaders.STATE, encoded);
    return headers;
  }

  /**
   * Step 5: the subprotocol the client is answered with, or empty for none: the app's choice; else,
   * for an opted-in client, {@code handoff.v1}, since browsers fail a handshake that offered
   * protocols and got none back.
   *
   * @param appChoice the subprotocol the app chose; null or empty for none
   */
  public static Optional<String> answer(Subprotocols offer, String appChoice) {
    if (appChoice != null && !appChoice.isEmpty()) return Optional.of(appChoice);
    return offer.optedIn() ? Optional.of(Subprotocol.V1) : Optional.empty();
  }

  /**
   * Step 6: the first frame on an opted-in socket: {@code hello}, with the restored state or why
   * there is none, or {@code refresh} when the snapshot's versions are outside the window.
   *
   * @param restore the restore's decision; null when no token was presented
   */
  public String greeting(Restore restore) {
    if (restore == null) return SessionControl.hello(app, version);
    return switch (restore.outcome()) {
      case RESTORED ->
          SessionControl.helloRestored(
              app, version, restore.envelope().version(), restore.envelope().state());
      case REFRESH -> SessionControl.refresh(ControlFrames.REFRESH_VERSION);
      case STORE_ERROR ->
          SessionControl.helloNotRestored(app, version, ControlFrames.RESTORE_UNAVAILABLE);
      // Unknown, used, expired, malformed, another app's or another browser's: all look alike to
      // the client.
      case EXPIRED, INVALID ->
          SessionControl.helloNotRestored(app, version, ControlFrames.RESTORE_EXPIRED);
    };
  }
}
