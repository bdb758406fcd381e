package dev.handoff.sidecar.handoff;

import dev.handoff.sidecar.config.SidecarConfig;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.vertx.core.MultiMap;

/**
 * Ties a snapshot to the browser it came from, when {@code HANDOFF_BIND_COOKIE} names a session
 * cookie: the snapshot records a hash of that cookie, and a token presented with another cookie (a
 * stolen token, in another browser) restores nothing. Only the hash is stored.
 */
public final class SessionBinding {
  private SessionBinding() {}

  /** The binding of an upgrade request, or null when binding is off. */
  public static String of(SidecarConfig config, MultiMap headers) {
    if (config.bindCookie().isEmpty()) return null;
    String name = config.bindCookie().get();
    String value = "";
    for (String header : headers.getAll("Cookie")) {
      for (Cookie c : ServerCookieDecoder.LAX.decode(header)) {
        if (c.name().equals(name)) value = c.value();
      }
    }
    return HandoffToken.hash("binding:" + config.app() + ":" + name + "=" + value);
  }
}
