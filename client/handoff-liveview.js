// handoff-liveview.js — Phoenix LiveView adapter for handoff.js (served next to it by the sidecar).
//
//   import {Socket} from "phoenix"
//   import {LiveSocket} from "phoenix_live_view"
//   import {liveSocketOptions, HandoffHook} from "/_handoff/handoff-liveview.js"
//
//   const csrfToken = document.querySelector("meta[name='csrf-token']").getAttribute("content")
//   const liveSocket = new LiveSocket("/live", Socket,
//     liveSocketOptions({params: {_csrf_token: csrfToken}, hooks: {Handoff: HandoffHook}}))
//   liveSocket.connect()
//
// and `phx-hook="Handoff"` (with an id) on each form to keep. In mount/3, get_connect_params(socket)["_handoff"]
// is present on the join that follows a hand-off, a refresh or a lost connection (absent otherwise):
//
//   %{"forms" => %{"profile" => %{"profile" => %{"name" => "Ada", "newsletter" => "true", "tags" => ["a", "b"]}}},
//     "providers" => %{"drawer" => %{"open" => true}},
//     "fields" => …, "v" => 1, "path" => "/"}
//
// "forms" is keyed by the form's id; each value is what that form's phx-change event sends (the form's submitted
// values, names nested by their brackets, checkboxes as their submitted string, unchecked ones left out, lists
// for `name[]`), less password, hidden, file and secret fields. So in mount/3:
//
//   form_params = get_in(restored || %{}, ["forms", "profile", "profile"]) || %{}
//   assign(socket, form: to_form(form_params, as: :profile))
//
// Importing this module sets Handoff.configure({versionFrom: "hello"}): a LiveView's view is re-rendered by every
// pod it joins, so the page's version is the version of the pod that said hello last, not the <meta> of the first
// render (which a rejoin never updates). Static assets stay LiveView's business (phx-track-static).
import Handoff from "./handoff.js";

Handoff.configure({ versionFrom: "hello" });

/**
 * Re-applies restored values after LiveView patches a form that mounted without them (the user's own edits since
 * the restore win), so the values reach both the DOM and, through phx-change, the LiveView's assigns.
 */
export const HandoffHook = {
  mounted() {
    Handoff.reapply(this.el);
  },
  updated() {
    Handoff.reapply(this.el);
  },
};

/** LiveSocket options with Handoff's transport and connect params merged in. */
export function liveSocketOptions(options = {}) {
  const hooks = Object.assign({ Handoff: HandoffHook }, options.hooks || {});
  return Object.assign({}, options, {
    transport: Handoff.WebSocket,
    params: Handoff.connectParams(options.params || {}),
    hooks,
  });
}

export const connectParams = Handoff.connectParams;
export const WebSocket = Handoff.WebSocket;
export default { HandoffHook, liveSocketOptions, connectParams, WebSocket };
