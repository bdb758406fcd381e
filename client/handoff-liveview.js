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
// is the restored state ({"fields" => %{"form-id" => %{"name" => …}}, "providers" => …}) on the join that follows
// a hand-off, a refresh or a lost connection, and absent otherwise.
import Handoff from "./handoff.js";

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
