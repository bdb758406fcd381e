package dev.handoff.demo;

/**
 * Renders the live view from server state: the same HTML for the first page and for every
 * re-render.
 */
final class ViewHtml {
  private ViewHtml() {}

  static String render(ViewState view, long version) {
    StringBuilder html = new StringBuilder(2048);
    html.append("<p class=\"served\">served by app version <b id=\"live-version\">")
        .append(version)
        .append("</b> · mounted from <b id=\"mounted-from\">")
        .append(view.mountedFrom)
        .append("</b></p>\n");
    html.append("<form id=\"profile\" autocomplete=\"off\">\n");
    html.append("  <label>Name <input type=\"text\" name=\"name\" value=\"")
        .append(escape(view.name))
        .append("\"></label>\n");
    html.append("  <label>Notes <textarea name=\"notes\" rows=\"3\">")
        .append(escape(view.notes))
        .append("</textarea></label>\n");
    html.append("  <label>Plan <select name=\"plan\">");
    for (String plan : new String[] {"free", "pro", "team"}) {
      html.append("<option value=\"")
          .append(plan)
          .append('"')
          .append(plan.equals(view.plan) ? " selected" : "")
          .append('>')
          .append(plan)
          .append("</option>");
    }
    html.append("</select></label>\n");
    html.append("  <label><input type=\"checkbox\" name=\"newsletter\" value=\"true\"")
        .append(view.newsletter ? " checked" : "")
        .append("> Newsletter</label>\n");
    html.append("  <fieldset><legend>Size</legend>");
    for (String size : new String[] {"s", "m", "l"}) {
      html.append("<label><input type=\"radio\" name=\"size\" value=\"")
          .append(size)
          .append('"')
          .append(size.equals(view.size) ? " checked" : "")
          .append("> ")
          .append(size)
          .append("</label>");
    }
    html.append("</fieldset>\n");
    // Never rendered with a value and never sent to the server: a secret stays in the browser.
    html.append("  <label>Secret <input type=\"password\" name=\"secret\"></label>\n");
    html.append(
            "  <label>Coupon (not handed off) <input type=\"text\" name=\"coupon\" data-handoff-ignore value=\"")
        .append(escape(view.coupon))
        .append("\"></label>\n");
    html.append("</form>\n");
    html.append("<section class=\"widgets\">\n");
    html.append("  <button type=\"button\" id=\"drawer-toggle\">Drawer</button>\n");
    html.append("  <aside id=\"drawer\" data-open=\"")
        .append(view.drawerOpen)
        .append('"')
        .append(view.drawerOpen ? "" : " hidden")
        .append(">The drawer is open.</aside>\n");
    html.append("  <button type=\"button\" id=\"increment\">+1</button> <output id=\"counter\">")
        .append(view.counter)
        .append("</output>\n");
    html.append("</section>\n");
    html.append("<pre id=\"server-state\">")
        .append(escape(view.toJson().encode()))
        .append("</pre>\n");
    return html.toString();
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
