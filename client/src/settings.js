// Settings of the page (Handoff.configure) and the page version they name.

/**
 * Every option of Handoff.configure with its default: handoff.d.ts's HandoffOptions, no more, no fewer (tsc).
 * @type {Required<Omit<import("../handoff.js").HandoffOptions, "pageVersion">>
 *   & {pageVersion: import("../handoff.js").HandoffOptions["pageVersion"]}}
 */
export const DEFAULTS = {
  pageVersion: undefined,      // else <meta name="handoff-version" content="…">
  enabled: true,               // false: the WebSocket class behaves exactly like the browser's
  helloTimeoutMs: 1000,        // how long `open` waits for `hello` when the server did not answer handoff.v1
  sidecarHelloTimeoutMs: 5000, // the same when it did (a sidecar is there, hello is on its way)
  checkpointDelayMs: 750,      // debounce of checkpoints and of the sessionStorage copy
  restoreWindowMs: 5000,       // how long restored values are re-applied to fields the app re-renders
  reconnectAttempts: 5,        // tries with a token before the app hears of the failure
  scroll: false,               // also keep window scroll position
  seamless: false,             // after a hand-off, reconnect inside the same socket: the app sees no close
  storagePrefix: "handoff:",
  versionFrom: "page",         // "page": pageVersion, else the meta tag; "hello": the version of the pod whose hello
                               // this page got last (a page whose view each new pod re-renders: LiveView)
};

/** @typedef {typeof DEFAULTS & {helloVersion?: number | string | null}} SettingValues */

/** Settings of this page; configure() changes them. */
export class Settings {
  constructor() {
    Object.assign(this, DEFAULTS);
  }

  /** @param {import("../handoff.js").HandoffOptions} options */
  update(options) {
    for (const key of Object.keys(options || {})) {
      if (!(key in DEFAULTS)) throw new TypeError("Handoff.configure: unknown option " + key);
      if (key === "versionFrom" && options[key] !== "page" && options[key] !== "hello") {
        throw new TypeError('Handoff.configure: versionFrom is "page" or "hello"');
      }
      this[key] = options[key];
    }
  }

  /**
   * The version of the app that rendered what the page shows. With versionFrom "hello" that is the pod that said
   * hello last (it re-rendered the view on its join), until the first hello the page's own version.
   * @this {Settings & SettingValues}
   * @returns {number | string | null}
   */
  currentPageVersion() {
    if (this.versionFrom === "hello" && this.helloVersion !== undefined && this.helloVersion !== null) {
      return numberOrText(this.helloVersion);
    }
    if (this.pageVersion !== undefined && this.pageVersion !== null) return numberOrText(this.pageVersion);
    const meta = typeof document !== "undefined" && document.querySelector('meta[name="handoff-version"]');
    return meta ? numberOrText(meta.getAttribute("content")) : null;
  }
}

export function numberOrText(value) {
  const n = Number(value);
  return value !== "" && Number.isFinite(n) ? n : String(value);
}

export function samePageVersion(a, b) {
  return a !== null && a !== undefined && String(a) === String(b);
}
