package dev.handoff.sidecar.handoff;

import dev.handoff.contract.Subprotocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code Sec-WebSocket-Protocol} offer of a client, split into the hand-off protocol's entries
 * ({@code handoff.v1}, {@code handoff.token.<t>}: {@link Subprotocol}) and the app's own, which
 * alone go upstream.
 */
public record Subprotocols(boolean optedIn, Optional<String> token, List<String> app) {
  public static Subprotocols parse(List<String> headerValues) {
    boolean optedIn = false;
    String token = null;
    List<String> app = new ArrayList<>();
    for (String header : headerValues) {
      for (String raw : header.split(",")) {
        String p = raw.trim();
        if (p.isEmpty()) continue;
        if (p.equals(Subprotocol.V1)) {
          optedIn = true;
        } else if (p.startsWith(Subprotocol.TOKEN_PREFIX)) {
          token = p.substring(Subprotocol.TOKEN_PREFIX.length());
        } else if (!Subprotocol.isReserved(p)) {
          app.add(p);
        }
      }
    }
    return new Subprotocols(
        optedIn, Optional.ofNullable(token).filter(t -> !t.isEmpty()), List.copyOf(app));
  }
}
