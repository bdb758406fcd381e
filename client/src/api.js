// The public API: Handoff.configure, register, … and the deferred start of the page.
import { page } from "./page.js";
import { PROTOCOL } from "./protocol.js";
import { HandoffWebSocket } from "./socket.js";

// The JSDoc types below are handoff.d.ts's: `tsc` (npm test) checks this code against the declarations.
/** @typedef {import("../handoff.js").HandoffState} HandoffState */

/** @param {import("../handoff.js").HandoffOptions} options */
export function configure(options) {
  page.settings.update(options);
}

/**
 * @template T
 * @param {string} name
 * @param {import("../handoff.js").StateProvider<T>} provider
 */
export function register(name, provider) {
  page.providers.register(name, provider);
  page.registered(String(name));
}

/** @param {string} name */
export function unregister(name) {
  page.providers.unregister(name);
}

/**
 * The state restored on the current (re)connect, while its restore window is open; else null.
 * @returns {HandoffState | null}
 */
export function restoredState() {
  page.start();
  return page.restoredState();
}

/**
 * Params for frameworks that send them on join, LiveView's `params` option above all. LiveView calls the
 * function with the view's element for the join payload (get_connect_params/1) and without one for the socket
 * URL: the restored state goes into the join only, never into a URL that lands in access logs. `_handoff` is
 * restoredState() plus `forms`: form key → the form's params as its phx-change event would send them.
 * LiveView builds its first join before the first socket exists, so this starts the page itself: a restore
 * stashed before a refresh is in place by then.
 * @template {object} P
 * @param {P | ((el?: Element) => P)} [base]
 * @returns {(el?: Element) => P & { _handoff?: HandoffState }}
 */
export function connectParams(base = /** @type {P} */ ({})) {
  return (element) => {
    /** @type {P & { _handoff?: HandoffState }} */
    const params = Object.assign({}, typeof base === "function"
      ? /** @type {(el?: Element) => P} */ (base)(element) : base);
    if (!element) return params;
    page.start();
    const state = page.joinState(element);
    if (state) params._handoff = state;
    return params;
  };
}

/**
 * What the page would hand off right now.
 * @returns {HandoffState}
 */
export function capture() {
  return page.capture();
}

/** Tell Handoff that provider state changed (form fields are watched without this). */
export function changed() {
  page.changed();
}

/**
 * Re-applies the current restore to fields under root that the user has not touched (LiveView hook).
 * @param {ParentNode} [root]
 */
export function reapply(root) {
  page.window.reapply(root || document);
}

/** @type {import("../handoff.js").HandoffApi} */
export const Handoff = Object.freeze({
  WebSocket: HandoffWebSocket, configure, register, unregister, restoredState, connectParams, capture, changed,
  reapply, protocol: PROTOCOL,
});

// Started a task later, so an app that imports handoff.js and then adds its listeners still hears
// handoff:restored after a refresh; the first socket an app makes starts it at once.
if (typeof document !== "undefined") {
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => page.start(), { once: true });
  } else {
    setTimeout(() => page.start(), 0);
  }
}
