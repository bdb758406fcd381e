// The server side of a LiveView, as far as the real phoenix_live_view client needs it: Phoenix channels over the
// V2 JSON serializer ([join_ref, ref, topic, event, payload]), heartbeats, phx_join answered with a render of the
// view from what mount/3 would do, form events recorded and answered. Each join is recorded with the params
// LiveView sent (get_connect_params/1) and the version of the pod that took it.
export const LIVEVIEW_VERSION = "1.1.32";

/** Plug.Conn.Query.decode, for the URL-encoded value of a form event (written apart from handoff.js on purpose). */
export function plugDecode(query) {
  const out = {};
  for (const [key, value] of new URLSearchParams(query)) {
    const m = /^([^[]+)((?:\[[^\]]*\])*)$/.exec(key);
    const parts = m ? [m[1], ...Array.from(m[2].matchAll(/\[([^\]]*)\]/g), (x) => x[1])] : [key];
    let at = out;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      const last = i === parts.length - 1;
      if (parts[i + 1] === "" && i + 2 === parts.length) {
        if (!Array.isArray(at[part])) at[part] = [];
        at[part].push(value);
        break;
      }
      if (last) { at[part] = value; break; }
      if (typeof at[part] !== "object" || at[part] === null || Array.isArray(at[part])) at[part] = {};
      at = at[part];
    }
  }
  return out;
}

const esc = (s) => String(s ?? "").replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** The form as Phoenix's core components render it from to_form(params, as: :profile). */
export function renderProfile(p = {}, drawerOpen = false, version = "?") {
  const opt = (name, value, list) => `<option value="${value}"${(list ?? []).includes(value) ? " selected" : ""}>${value}</option>`;
  const box = (value, list) => `<input type="checkbox" name="profile[colors][]" value="${value}"${(list ?? []).includes(value) ? " checked" : ""}>`;
  return `<div id="drawer" data-open="${drawerOpen}" data-rendered-by="${version}"></div>
<form id="profile" phx-change="validate" phx-hook="Handoff">
<input type="text" name="profile[name]" value="${esc(p.name)}">
<textarea name="profile[bio]">${esc(p.bio)}</textarea>
<select name="profile[plan]">${["free", "pro"].map((v) => opt("plan", v, [p.plan])).join("")}</select>
<select name="profile[tags][]" multiple>${["a", "b", "c"].map((v) => opt("tags", v, p.tags)).join("")}</select>
<input type="hidden" name="profile[newsletter]" value="false"><input type="checkbox" name="profile[newsletter]" value="true"${p.newsletter === "true" ? " checked" : ""}>
<input type="checkbox" name="profile[terms]"${p.terms === "on" ? " checked" : ""}>
${box("red", p.colors)}${box("green", p.colors)}${box("blue", p.colors)}
${["s", "m", "l"].map((v) => `<input type="radio" name="profile[size]" value="${v}"${p.size === v ? " checked" : ""}>`).join("")}
<input type="password" name="profile[password]" value="">
<input type="text" name="profile[address][city]" value="${esc(p.address?.city)}">
</form>`;
}

/**
 * mount/3 of the app, as docs/CLIENT.md tells users to write it: the form from _handoff.forms.profile.profile,
 * the drawer from _handoff.providers.drawer; `forgetful` ignores _handoff (an app that never reads it).
 * `rerender`: handle_event("validate") assigns the form from the event's params and answers with a new render, as
 * a LiveView built on Phoenix's core components does (else events are answered with no diff).
 */
export class LiveViewApp {
  constructor({ forgetful = false, rerender = false } = {}) {
    this.forgetful = forgetful;
    this.rerender = rerender;
    this.joins = [];   // {version, params, topic}
    this.events = [];  // {version, event, type, value, params}
  }

  open(conn) {
    conn.topics = new Map();
  }

  close() {}

  message(conn, text) {
    const [joinRef, ref, topic, event, payload] = JSON.parse(text);
    const reply = (response, status = "ok") =>
      conn.send(JSON.stringify([joinRef, ref, topic, "phx_reply", { status, response }]));
    if (topic === "phoenix" && event === "heartbeat") return reply({});
    if (event === "phx_join") {
      const params = payload.params || {};
      this.joins.push({ version: conn.version, params, topic });
      const restored = this.forgetful ? null : params._handoff;
      const form = restored?.forms?.profile?.profile ?? {};
      const drawer = restored?.providers?.drawer?.open === true;
      conn.drawer = drawer;
      return reply({ rendered: { s: [renderProfile(form, drawer, conn.version)] }, liveview_version: LIVEVIEW_VERSION });
    }
    if (event === "event") {
      this.events.push({ version: conn.version, event: payload.event, type: payload.type, value: payload.value,
        params: payload.type === "form" ? plugDecode(payload.value) : payload.value });
      if (this.rerender && payload.event === "validate" && payload.type === "form") {
        const form = plugDecode(payload.value).profile ?? {};
        return reply({ diff: { s: [renderProfile(form, conn.drawer === true, conn.version)] } });
      }
      return reply({});
    }
    if (event === "phx_leave") return reply({});
    return reply({});
  }
}
