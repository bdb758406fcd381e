package dev.handoff.demo;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * The server-side view state of one live connection, the way LiveView keeps assigns: the form, the
 * drawer and the counter. Lives on the connection's event loop only. Values are checked on the way
 * in like a real app would.
 */
final class ViewState {
  static final Set<String> PLANS = Set.of("free", "pro", "team");
  static final Set<String> SIZES = Set.of("s", "m", "l");
  private static final int MAX_TEXT = 20_000;

  String name = "";
  String notes = "";
  String plan = "free";
  boolean newsletter;
  String size = "";
  String coupon = "";
  boolean drawerOpen;
  long counter;
  String mountedFrom = "empty";

  /**
   * A form field changed in the browser (phx-change style). Unknown names and bad values are
   * ignored.
   */
  void input(String field, String value) {
    if (value == null) return;
    switch (field) {
      case "name" -> name = clip(value);
      case "notes" -> notes = clip(value);
      case "plan" -> plan = PLANS.contains(value) ? value : plan;
      case "newsletter" -> newsletter = Boolean.parseBoolean(value);
      case "size" -> size = SIZES.contains(value) ? value : size;
      case "coupon" -> coupon = clip(value);
      default -> {}
    }
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("name", name)
        .put("notes", notes)
        .put("plan", plan)
        .put("newsletter", newsletter)
        .put("size", size)
        .put("coupon", coupon)
        .put("drawerOpen", drawerOpen)
        .put("counter", counter)
        .put("mountedFrom", mountedFrom);
  }

  private static String clip(String value) {
    return value.length() > MAX_TEXT ? value.substring(0, MAX_TEXT) : value;
  }
}
