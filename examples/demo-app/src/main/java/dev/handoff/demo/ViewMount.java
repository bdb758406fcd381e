package dev.handoff.demo;

import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Mounts a fresh {@link ViewState} on every join: from the {@code Handoff-State} upgrade header the
 * sidecar adds after a hand-off, else from the hand-off state in the join params, else empty. The
 * state is handoff.js's capture: {@code {fields: {profile: {...}}, providers: {drawer: {open},
 * counter: {count}}}}. Join params with {@code forgetful: true} (the page at {@code /?forgetful})
 * make it ignore both, like an app that never reads them.
 */
final class ViewMount {
  private final JsonObject headerState;

  private ViewMount(JsonObject headerState) {
    this.headerState = headerState;
  }

  static ViewMount fromUpgrade(MultiMap headers) {
    return new ViewMount(decode(headers.get("Handoff-State")));
  }

  ViewState mount(JsonObject joinParams) {
    ViewState view = new ViewState();
    if (joinParams != null && joinParams.getBoolean("forgetful", false)) {
      // An app that never reads what Handoff gives it: only handoff.js's re-applied fields can
      // bring values back.
      view.mountedFrom = "nothing (forgetful)";
      return view;
    }
    JsonObject fromParams = joinParams == null ? null : joinParams.getJsonObject("handoff");
    if (headerState != null) {
      fill(view, headerState);
      view.mountedFrom = "header";
    } else if (fromParams != null) {
      fill(view, fromParams);
      view.mountedFrom = "params";
    }
    return view;
  }

  private static void fill(ViewState view, JsonObject state) {
    JsonObject fields = object(object(state, "fields"), "profile");
    for (String name : fields.fieldNames()) {
      Object value = fields.getValue(name);
      if (value instanceof String || value instanceof Boolean) view.input(name, value.toString());
    }
    JsonObject providers = object(state, "providers");
    view.drawerOpen = Boolean.TRUE.equals(object(providers, "drawer").getValue("open"));
    Object count = object(providers, "counter").getValue("count");
    if (count instanceof Number n) view.counter = n.longValue();
  }

  private static JsonObject object(JsonObject parent, String key) {
    Object value = parent == null ? null : parent.getValue(key);
    return value instanceof JsonObject o ? o : new JsonObject();
  }

  private static JsonObject decode(String header) {
    if (header == null || header.isBlank()) return null;
    try {
      return new JsonObject(
          new String(Base64.getUrlDecoder().decode(header.trim()), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      // A state the app cannot read is no state: mount empty rather than refuse the user.
      return null;
    }
  }
}
