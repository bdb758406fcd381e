package dev.handoff.loadtest.client;

import java.net.URI;

/**
 * What the simulated clients are told.
 *
 * @param target where they connect: the balancer, or a real deployment's URL (ws, wss, http, https)
 * @param clients how many
 * @param stateMin smallest state, UTF-8 bytes of its JSON
 * @param stateMax largest state
 * @param staleClients how many run a page one version older than the pod they load it from, so that
 *     a deploy brings them two versions behind the new pods: they must be told to refresh
 * @param seed makes the states of a run reproducible
 * @param backoff retries of refused or failed connection attempts
 * @param rampWindow handshakes in flight while the fleet first connects, so no pod faces the whole
 *     herd
 */
public record FleetSettings(
    URI target,
    int clients,
    int stateMin,
    int stateMax,
    int staleClients,
    long seed,
    Backoff backoff,
    int rampWindow) {

  public boolean tls() {
    return "wss".equals(target.getScheme()) || "https".equals(target.getScheme());
  }

  public int port() {
    if (target.getPort() > 0) return target.getPort();
    return tls() ? 443 : 80;
  }

  public String path() {
    String p =
        target.getRawPath() == null || target.getRawPath().isEmpty()
            ? "/live"
            : target.getRawPath();
    return target.getRawQuery() == null ? p : p + "?" + target.getRawQuery();
  }
}
