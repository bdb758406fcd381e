// GENERATED from handoff.js by build.mjs: do not edit, run `node client/build.mjs`.
// Classic-script build of handoff.js: sets window.Handoff (kept if one is already there).
(function () {
"use strict";
// handoff.js — the browser side of Handoff, protocol v1 (see docs/PROTOCOL.md and docs/CLIENT.md).
// One dependency-free ES module. handoff.classic.js is generated from this file by build.mjs:
// everything above the "exports" marker at the bottom is copied verbatim, so keep `export` out of it.

const NativeWebSocket = globalThis.WebSocket;
const PROTOCOL = "handoff.v1";
const TOKEN_PREFIX = "handoff.token.";
const CONTROL = "\u0000";
const STATE_FORMAT = 1;

// Fields whose values must never leave the page: secrets, files, and what the server put there itself.
const SKIPPED_TYPES = new Set(["password", "file", "hidden", "submit", "button", "reset", "image"]);
const SECRET_AUTOCOMPLETE = /^(cc-|one-time-code|current-password|new-password)/;

const DEFAULTS = {
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

/** Settings of this page; configure() changes them. */
class Settings {
  constructor() {
    Object.assign(this, DEFAULTS);
  }

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

function numberOrText(value) {
  const n = Number(value);
  return value !== "" && Number.isFinite(n) ? n : String(value);
}

function samePageVersion(a, b) {
  return a !== null && a !== undefined && String(a) === String(b);
}

/** The named form fields of the page, read and written the way a user would. */
class FormFields {
  eligible(el) {
    if (!el.name || !el.matches("input, textarea, select")) return false;
    if (SKIPPED_TYPES.has((el.type || "").toLowerCase())) return false;
    if (SECRET_AUTOCOMPLETE.test(el.getAttribute("autocomplete") || "")) return false;
    return !el.closest("[data-handoff-ignore]");
  }

  formKey(el) {
    return el.form ? this.keyOfForm(el.form) : "_";
  }

  keyOfForm(form) {
    return form.id || form.getAttribute("name") || "form" + Array.prototype.indexOf.call(document.forms, form);
  }

  /**
   * The form's params as the form submits them and LiveView sends them in a phx-change event (the form's entry
   * list in tree order: checked checkboxes and radios with their value attribute, "on" without one, unchecked ones
   * left out, every selected option), names nested by their brackets the way Phoenix (Plug) decodes them. Only
   * the fields handoff.js keeps: no password, hidden, file or secret fields, nothing under data-handoff-ignore.
   */
  params(form) {
    const entries = [];
    for (const el of form.elements) {
      if (!el.name || !this.eligible(el) || el.disabled || el.matches(":disabled") || el.closest("datalist")) continue;
      const type = (el.type || "").toLowerCase();
      if ((type === "checkbox" || type === "radio") && !el.checked) continue;
      if (el.tagName === "SELECT") {
        for (const option of el.options) if (option.selected && !option.disabled) entries.push([el.name, option.value]);
      } else {
        entries.push([el.name, el.value]);
      }
    }
    return decodeParams(entries);
  }

  /** Eligible elements grouped as formKey → name → [elements]. */
  groups(root) {
    const groups = new Map();
    for (const el of root.querySelectorAll("input[name], textarea[name], select[name]")) {
      if (!this.eligible(el)) continue;
      const key = this.formKey(el);
      if (!groups.has(key)) groups.set(key, new Map());
      const byName = groups.get(key);
      if (!byName.has(el.name)) byName.set(el.name, []);
      byName.get(el.name).push(el);
    }
    return groups;
  }

  capture(root) {
    const fields = {};
    for (const [key, byName] of this.groups(root)) {
      fields[key] = {};
      for (const [name, els] of byName) fields[key][name] = this.read(els);
    }
    return fields;
  }

  read(els) {
    const first = els[0];
    const type = (first.type || "").toLowerCase();
    if (type === "checkbox") {
      return els.length === 1 ? first.checked : els.filter((e) => e.checked).map((e) => e.value);
    }
    if (type === "radio") {
      const checked = els.find((e) => e.checked);
      return checked ? checked.value : null;
    }
    if (first.tagName === "SELECT" && first.multiple) {
      return Array.from(first.selectedOptions, (o) => o.value);
    }
    return first.value;
  }

  /**
   * Writes saved values into the fields that exist under root (never creates one), dispatching input and change
   * so frameworks listening for them (LiveView phx-change) learn the values. Returns the keys whose value changed.
   */
  apply(root, fields, accept = () => true) {
    const changed = [];
    const groups = this.groups(root);
    for (const key of Object.keys(fields || {})) {
      const byName = groups.get(key);
      if (!byName) continue;
      for (const name of Object.keys(fields[key] || {})) {
        const els = byName.get(name);
        if (!els || !accept(key, name)) continue;
        const touched = this.write(els, fields[key][name]);
        for (const el of touched) {
          el.dispatchEvent(new Event("input", { bubbles: true }));
          el.dispatchEvent(new Event("change", { bubbles: true }));
        }
        if (touched.length) changed.push(fieldKey(key, name));
      }
    }
    return changed;
  }

  /** Sets the value on the elements; returns the ones whose value actually changed. */
  write(els, value) {
    const touched = [];
    const type = (els[0].type || "").toLowerCase();
    if (type === "checkbox") {
      for (const el of els) {
        const want = Array.isArray(value) ? value.includes(el.value) : value === true || value === "true";
        if (el.checked !== want) { el.checked = want; touched.push(el); }
      }
    } else if (type === "radio") {
      for (const el of els) {
        const want = value !== null && el.value === String(value);
        if (el.checked !== want) { el.checked = want; if (want) touched.push(el); }
      }
    } else if (els[0].tagName === "SELECT" && els[0].multiple) {
      const want = Array.isArray(value) ? value.map(String) : [];
      let differs = false;
      for (const option of els[0].options) {
        const selected = want.includes(option.value);
        if (option.selected !== selected) { option.selected = selected; differs = true; }
      }
      if (differs) touched.push(els[0]);
    } else if (value !== null && value !== undefined) {
      const el = els[0];
      const text = String(value);
      if (el.tagName === "SELECT" && !Array.from(el.options).some((o) => o.value === text)) return touched;
      if (el.value !== text) { el.value = text; touched.push(el); }
    }
    return touched;
  }
}

/**
 * [name, value] pairs to nested params, as Plug.Conn.Query.decode does: `a[b][c]=v` nests maps, `a[]=v` appends
 * to a list, a repeated plain name keeps the last value, `a[][b]` starts a new map in the list when the last one
 * already has b.
 */
function decodeParams(entries) {
  const params = {};
  for (const [name, value] of entries) {
    const parts = splitName(name);
    if (parts) assignParam(params, parts, value);
  }
  return params;
}

function splitName(name) {
  const open = name.indexOf("[");
  if (open <= 0) return [name];
  const parts = [name.slice(0, open)];
  const rest = name.slice(open);
  const re = /\[([^\[\]]*)\]/y;
  let match;
  while ((match = re.exec(rest)) !== null) {
    parts.push(match[1]);
    if (re.lastIndex === rest.length) return parts;
  }
  return [name]; // not bracketed all the way: Plug keeps such a name whole
}

function assignParam(target, parts, value) {
  const [head, ...rest] = parts;
  if (!rest.length) {
    target[head] = value;
    return;
  }
  if (rest[0] === "") {
    const list = Array.isArray(target[head]) ? target[head] : (target[head] = []);
    const tail = rest.slice(1);
    if (!tail.length) {
      list.push(value);
      return;
    }
    let last = list[list.length - 1];
    if (!isPlainObject(last) || tail[0] in last) list.push(last = {});
    assignParam(last, tail, value);
    return;
  }
  if (!isPlainObject(target[head])) target[head] = {};
  assignParam(target[head], rest, value);
}

function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function fieldKey(formKey, name) {
  return formKey + "\u0001" + name;
}

/** Named state providers: handoff.register("drawer", {save, restore}). */
class Providers {
  constructor() {
    this.byName = new Map();
  }

  register(name, provider) {
    if (!name || !provider || typeof provider.save !== "function" || typeof provider.restore !== "function") {
      throw new TypeError("Handoff.register(name, {save, restore}) needs a name and both functions");
    }
    this.byName.set(String(name), provider);
  }

  unregister(name) {
    this.byName.delete(String(name));
  }

  save() {
    const saved = {};
    for (const [name, provider] of this.byName) {
      try {
        const value = provider.save();
        if (value !== undefined) saved[name] = value;
      } catch (e) {
        console.warn("handoff: provider " + name + " failed to save", e);
      }
    }
    return saved;
  }

  restoreOne(name, value) {
    const provider = this.byName.get(name);
    if (!provider || value === undefined) return;
    try {
      provider.restore(value);
    } catch (e) {
      console.warn("handoff: provider " + name + " failed to restore", e);
    }
  }
}

/** The copies kept in sessionStorage: one for unclean disconnects, one across a refresh. */
class LocalCopies {
  constructor(settings) {
    this.settings = settings;
  }

  key(kind) {
    return this.settings.storagePrefix + kind + ":" + location.pathname;
  }

  write(kind, value) {
    try {
      sessionStorage.setItem(this.key(kind), JSON.stringify(value));
    } catch (e) {
      // Storage full or disabled (private mode): the server-side hand-off still works.
    }
  }

  read(kind) {
    try {
      const raw = sessionStorage.getItem(this.key(kind));
      return raw ? JSON.parse(raw) : null;
    } catch (e) {
      return null;
    }
  }

  take(kind) {
    const value = this.read(kind);
    try {
      sessionStorage.removeItem(this.key(kind));
    } catch (e) {
      // nothing to remove
    }
    return value;
  }
}

// How often one field is re-applied: enough for a mount and a late patch, few enough that an app whose server
// rewrites the value (normalising it, say) does not ping-pong with us for the whole window.
const MAX_REAPPLIES = 3;

/**
 * Re-applies restored field values for a short while: an app that mounts afresh re-renders its view from its own
 * server state and replaces the restored elements. Fields the user has typed into since are left alone.
 */
class RestoreWindow {
  constructor(fields) {
    this.fields = fields;
    this.pending = null;
    this.until = 0;
    this.observer = null;
    this.scheduled = false;
  }

  open(saved, ms) {
    this.close();
    this.pending = new Map();
    this.reapplied = new Map();
    for (const key of Object.keys(saved || {})) {
      for (const name of Object.keys(saved[key] || {})) this.pending.set(fieldKey(key, name), saved[key][name]);
    }
    if (!this.pending.size || typeof MutationObserver === "undefined") return;
    this.until = Date.now() + ms;
    this.saved = saved;
    this.observer = new MutationObserver(() => this.schedule());
    this.observer.observe(document.documentElement, {
      childList: true, subtree: true, characterData: true,
      attributes: true, attributeFilter: ["value", "checked", "selected"],
    });
    this.timer = setTimeout(() => this.close(), ms);
  }

  isOpen() {
    return this.pending !== null && Date.now() < this.until;
  }

  /** The user typed: that field is theirs now. */
  userChanged(el) {
    if (this.pending) this.pending.delete(fieldKey(this.fields.formKey(el), el.name));
  }

  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    // One pass per batch of mutations, after the app has finished its render.
    queueMicrotask(() => {
      this.scheduled = false;
      if (typeof document !== "undefined") this.reapply(document);
    });
  }

  reapply(root) {
    if (!this.isOpen()) return;
    const observer = this.observer;
    if (observer) observer.disconnect();
    try {
      const changed = this.fields.apply(root, this.saved, (key, name) => this.pending.has(fieldKey(key, name)));
      for (const key of changed) {
        const count = (this.reapplied.get(key) || 0) + 1;
        this.reapplied.set(key, count);
        if (count >= MAX_REAPPLIES) this.pending.delete(key);
      }
    } finally {
      if (observer && this.observer === observer) {
        observer.observe(document.documentElement, {
          childList: true, subtree: true, characterData: true,
          attributes: true, attributeFilter: ["value", "checked", "selected"],
        });
      }
    }
  }

  close() {
    if (this.observer) this.observer.disconnect();
    clearTimeout(this.timer);
    this.observer = null;
    this.pending = null;
  }
}

/** Everything the page keeps across its sockets: tokens waiting for a reconnect, the last restore, the copies. */
class HandoffPage {
  constructor() {
    this.settings = new Settings();
    this.fields = new FormFields();
    this.providers = new Providers();
    this.copies = new LocalCopies(this.settings);
    this.window = new RestoreWindow(this.fields);
    this.tokens = new Map();      // socket address → [{token, notBefore, expiresAt}]
    this.sockets = new Set();     // opted-in sockets that got their hello
    this.lastRestore = null;
    this.sidecarSeen = false;
    this.localRestoreDue = false; // the next hello restores from the sessionStorage copy
    this.editedSinceSave = new Set(); // fields the user typed into since the state that can come back was taken
    this.checkpointTimer = null;
    this.started = false;
  }

  start() {
    if (this.started || typeof document === "undefined") return;
    this.started = true;
    const onEdit = (event) => {
      if (!(event.target instanceof Element) || !this.fields.eligible(event.target)) return;
      if (event.isTrusted) {
        this.window.userChanged(event.target);
        this.editedSinceSave.add(fieldKey(this.fields.formKey(event.target), event.target.name));
      }
      this.changed();
    };
    document.addEventListener("input", onEdit, true);
    document.addEventListener("change", onEdit, true);
    addEventListener("pagehide", () => this.saveCopy());
    const stash = this.copies.take("refresh");
    if (stash && stash.state) this.restore(stash.state, "refresh", stash.fromVersion ?? null);
  }

  capture() {
    const state = { v: STATE_FORMAT, path: location.pathname, fields: this.fields.capture(document) };
    const providers = this.providers.save();
    if (Object.keys(providers).length) state.providers = providers;
    if (this.settings.scroll) state.scroll = { x: Math.round(scrollX), y: Math.round(scrollY) };
    return state;
  }

  /** Something the user cares about changed: checkpoint it, debounced. */
  changed() {
    clearTimeout(this.checkpointTimer);
    this.checkpointTimer = setTimeout(() => this.checkpoint(), this.settings.checkpointDelayMs);
  }

  checkpoint() {
    clearTimeout(this.checkpointTimer);
    const state = this.saveCopy();
    const pageVersion = this.settings.currentPageVersion();
    for (const socket of this.sockets) socket.sendControl({ t: "checkpoint", state, pageVersion });
  }

  /** Takes the state that a hand-off, a checkpoint or the local copy can bring back later. */
  saveCopy() {
    this.editedSinceSave.clear();
    const state = this.capture();
    this.copies.write("copy", { pageVersion: this.settings.currentPageVersion(), savedAt: Date.now(), state });
    return state;
  }

  answerDrain(socket) {
    clearTimeout(this.checkpointTimer);
    const state = this.saveCopy();
    socket.sendControl({ t: "state", state, pageVersion: this.settings.currentPageVersion() });
  }

  onHello(hello) {
    this.sidecarSeen = true;
    const due = this.localRestoreDue;
    this.localRestoreDue = false;
    // The local copy is compared with the version the page had when it took it, so before this hello counts.
    const pageVersion = this.settings.currentPageVersion();
    if (hello.version !== undefined && hello.version !== null) this.settings.helloVersion = hello.version;
    if (hello.restored && hello.restored.state) {
      this.restore(hello.restored.state, "server", hello.restored.fromVersion ?? null);
      return;
    }
    if (due || hello.restore === "expired" || hello.restore === "unavailable") {
      const copy = this.copies.read("copy");
      if (copy && copy.state && samePageVersion(copy.pageVersion, pageVersion)) {
        this.restore(copy.state, "local", copy.pageVersion);
        return;
      }
    }
    if (!this.window.isOpen()) this.lastRestore = null;
  }

  restore(state, source, fromVersion) {
    // The state was taken when this page last saved it (drain answer, checkpoint, local copy): what the user typed
    // since (while the socket was away, say) is newer, and stays, in the page and in what the app is handed.
    if (source !== "refresh") state = this.withNewerEdits(state);
    this.lastRestore = { state, source, fromVersion, until: Date.now() + this.settings.restoreWindowMs };
    this.fields.apply(document, state.fields);
    this.window.open(state.fields, this.settings.restoreWindowMs);
    for (const name of Object.keys(state.providers || {})) this.providers.restoreOne(name, state.providers[name]);
    if (state.scroll && this.settings.scroll) {
      requestAnimationFrame(() => scrollTo(state.scroll.x || 0, state.scroll.y || 0));
    }
    emit("handoff:restored", { source, fromVersion, state });
  }

  /** The state with the current values of the fields edited since it was saved. */
  withNewerEdits(state) {
    if (!this.editedSinceSave.size) return state;
    const fields = {};
    for (const key of Object.keys(state.fields || {})) fields[key] = Object.assign({}, state.fields[key]);
    const groups = this.fields.groups(document);
    for (const edited of this.editedSinceSave) {
      const [key, name] = edited.split("\u0001");
      const els = groups.get(key) && groups.get(key).get(name);
      if (!els) continue;
      if (!fields[key]) fields[key] = {};
      fields[key][name] = this.fields.read(els);
    }
    this.editedSinceSave.clear();
    return Object.assign({}, state, { fields });
  }

  /** A provider registered after the restore still gets its part. */
  registered(name) {
    const restore = this.lastRestore;
    if (restore && Date.now() < restore.until && restore.state.providers) {
      this.providers.restoreOne(name, restore.state.providers[name]);
    }
  }

  restoredState() {
    const restore = this.lastRestore;
    return restore && Date.now() < restore.until ? restore.state : null;
  }

  /**
   * The restored state for a join: restoredState() plus `forms`, each restored form under root (by its key) with
   * the params it submits now, restored values applied: what its phx-change event would carry.
   */
  joinState(root) {
    const state = this.restoredState();
    if (!state) return null;
    const forms = {};
    const scope = root && typeof root.querySelectorAll === "function" ? root : document;
    const found = Array.from(scope.querySelectorAll("form"));
    const own = scope.closest ? scope.closest("form") : null;
    if (own) found.unshift(own);
    for (const form of found) {
      const key = this.fields.keyOfForm(form);
      if (state.fields && key in state.fields && !(key in forms)) forms[key] = this.fields.params(form);
    }
    return Object.assign({}, state, { forms });
  }

  /** Returns false when the app took over (preventDefault on handoff:refresh). */
  onRefresh(message) {
    const proceed = emit("handoff:refresh", { reason: message.reason || "version" }, true);
    if (!proceed) return false;
    this.copies.write("refresh", { savedAt: Date.now(), fromVersion: this.settings.currentPageVersion(),
      state: this.capture() });
    location.reload();
    return true;
  }

  onHandoff(address, message) {
    const now = Date.now();
    const list = this.tokens.get(address) || [];
    list.push({ token: message.token, notBefore: now + Math.max(0, message.reconnectAfterMs || 0),
      expiresAt: now + Math.max(0, message.ttlMs || 600000) });
    this.tokens.set(address, list);
    emit("handoff:handoff", { reconnectAfterMs: message.reconnectAfterMs, ttlMs: message.ttlMs });
  }

  takeToken(address) {
    const all = this.tokens.get(address) || [];
    const list = all.filter((t) => t.expiresAt > Date.now());
    // A token past its TTL is worth nothing at the server: its snapshot is gone, the local copy is not.
    if (list.length < all.length) this.localRestoreDue = true;
    const token = list.shift() || null;
    this.tokens.set(address, list);
    return token;
  }

  giveBackToken(address, token) {
    if (!token) return;
    const list = this.tokens.get(address) || [];
    list.unshift(token);
    this.tokens.set(address, list);
  }

  /** The socket dropped without a hand-off: keep what is on screen, restore it on the next hello. */
  onUncleanClose() {
    this.localRestoreDue = true;
    this.saveCopy();
  }
}

function emit(type, detail, cancelable = false) {
  if (typeof document === "undefined") return true;
  return document.dispatchEvent(new CustomEvent(type, { detail, cancelable }));
}

const page = new HandoffPage();

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/**
 * A drop-in WebSocket: same constructor, events and properties as the browser's. It opts into the hand-off
 * protocol, hides control frames, holds `open` until `hello` has been handled (so restored values are in place
 * before the app joins), and makes the next socket to the same address present the token it was handed.
 */
class HandoffWebSocket extends EventTarget {
  constructor(url, protocols) {
    super();
    const resolved = new URL(url, typeof location !== "undefined" ? location.href : undefined);
    if (resolved.protocol === "http:") resolved.protocol = "ws:";
    if (resolved.protocol === "https:") resolved.protocol = "wss:";
    if (resolved.protocol !== "ws:" && resolved.protocol !== "wss:") {
      throw new DOMException("The URL's scheme must be either 'ws' or 'wss'.", "SyntaxError");
    }
    this._url = resolved.href;
    this._address = resolved.origin + resolved.pathname;
    this._protocols = protocols === undefined ? [] : [].concat(protocols).map(String);
    this._readyState = CONNECTING;
    this._binaryType = "blob";
    this._native = null;
    this._handlers = {};
    this._queued = [];
    this._attempt = 0;
    this._optIn = page.settings.enabled && typeof NativeWebSocket === "function";
    this._token = this._optIn ? page.takeToken(this._address) : null;
    this._handedOff = false;
    this._appClosed = false;
    this._outbox = null;           // sends held while a seamless hand-off reconnects
    page.start();
    const wait = this._token ? Math.max(0, this._token.notBefore - Date.now()) : 0;
    if (wait > 0) {
      this._timer = setTimeout(() => this._connect(), wait);
    } else {
      this._connect();
    }
  }

  get url() { return this._url; }
  get readyState() { return this._readyState; }
  get bufferedAmount() { return this._native ? this._native.bufferedAmount : 0; }
  get extensions() { return this._native && this._readyState !== CONNECTING ? this._native.extensions : ""; }
  get protocol() {
    const chosen = this._native && this._readyState !== CONNECTING ? this._native.protocol : "";
    return chosen === PROTOCOL ? "" : chosen;
  }
  get binaryType() { return this._binaryType; }
  set binaryType(value) {
    if (value !== "blob" && value !== "arraybuffer") return;
    this._binaryType = value;
    if (this._native) this._native.binaryType = value;
  }

  send(data) {
    if (this._readyState === CONNECTING) {
      throw new DOMException("Still in CONNECTING state.", "InvalidStateError");
    }
    if (this._readyState !== OPEN) return;
    if (this._outbox) {
      this._outbox.push(data);
      return;
    }
    this._native.send(data);
  }

  close(code, reason) {
    if (code !== undefined && code !== 1000 && !(code >= 3000 && code <= 4999)) {
      throw new DOMException("The close code must be either 1000, or between 3000 and 4999.", "InvalidAccessError");
    }
    if (this._readyState === CLOSING || this._readyState === CLOSED) return;
    this._appClosed = true;
    clearTimeout(this._timer);
    clearTimeout(this._helloTimer);
    page.giveBackToken(this._address, this._token);
    this._token = null;
    if (this._native && this._native.readyState < CLOSING) {
      this._readyState = CLOSING;
      this._native.close(code, reason);
    } else if (this._readyState === OPEN) {
      // Between two pods in a seamless hand-off: nothing to tell a server, the app asked for the close.
      this._readyState = CLOSING;
      setTimeout(() => this._finish(code ?? 1005, reason ?? "", true), 0);
    } else {
      // Like the browser's: closing a socket that never connected fails it, asynchronously.
      this._readyState = CLOSING;
      setTimeout(() => this._finish(1006, "", false), 0);
    }
  }

  _connect() {
    if (this._appClosed) return;
    this._attempt += 1;
    const offer = this._protocols.slice();
    if (this._optIn) {
      offer.push(PROTOCOL);
      if (this._token) offer.push(TOKEN_PREFIX + this._token.token);
    }
    const native = new NativeWebSocket(this._url, offer);
    native.binaryType = this._binaryType;
    this._native = native;
    this._hello = false;
    this._nativeOpened = false;
    native.onopen = () => this._onNativeOpen(native);
    native.onmessage = (event) => this._onNativeMessage(native, event);
    native.onclose = (event) => this._onNativeClose(native, event);
    // Errors are reported with the close that always follows; a retried handshake must stay invisible.
    native.onerror = () => {};
  }

  _onNativeOpen(native) {
    if (native !== this._native) return;
    this._nativeOpened = true;
    if (!this._optIn) {
      this._release();
      return;
    }
    const sidecar = native.protocol === PROTOCOL;
    const wait = sidecar || page.sidecarSeen ? page.settings.sidecarHelloTimeoutMs : page.settings.helloTimeoutMs;
    this._helloTimer = setTimeout(() => {
      this._release();
      if (this._outbox) this._flushOutbox();
    }, wait);
  }

  _onNativeMessage(native, event) {
    if (native !== this._native) return;
    const data = event.data;
    if (this._optIn && typeof data === "string" && data.charCodeAt(0) === 0) {
      let message = null;
      try {
        message = JSON.parse(data.slice(1));
      } catch (e) {
        message = null;
      }
      if (message && typeof message.t === "string") {
        this._onControl(message);
        return;
      }
    }
    if (this._readyState === CONNECTING) {
      // The app's server spoke first: no sidecar is going to say hello.
      this._queued.push(event);
      this._release();
      return;
    }
    if (this._outbox && !this._handedOff) this._flushOutbox(); // the same, after a seamless reconnect
    this._deliver(event);
  }

  _onControl(message) {
    switch (message.t) {
      case "hello":
        this._hello = true;
        this._token = null;
        page.sockets.add(this);
        page.onHello(message);
        this._release();
        this._flushOutbox();
        break;
      case "refresh":
        this._token = null;
        // Until the page reloads the app must not join and wipe what is about to be stashed.
        if (!page.onRefresh(message)) this._release();
        break;
      case "drain":
        page.answerDrain(this);
        break;
      case "handoff":
        this._handedOff = true;
        // Seamless: from now on the old pod is closing, so what the app sends waits for the next one.
        if (page.settings.seamless) this._outbox = this._outbox || [];
        page.onHandoff(this._address, message);
        break;
      case "error":
        console.warn("handoff: " + message.code + ": " + (message.message || ""));
        emit("handoff:error", { code: message.code, message: message.message });
        break;
      default:
        break; // unknown control frames are for newer clients
    }
  }

  sendControl(message) {
    if (this._native && this._native.readyState === OPEN && this._hello) {
      this._native.send(CONTROL + JSON.stringify(message));
    }
  }

  _flushOutbox() {
    const held = this._outbox;
    this._outbox = null;
    for (const data of held || []) this._native.send(data);
  }

  _release() {
    clearTimeout(this._helloTimer);
    if (this._readyState !== CONNECTING || this._appClosed) return;
    this._readyState = OPEN;
    this.dispatchEvent(new Event("open"));
    const queued = this._queued;
    this._queued = [];
    for (const event of queued) this._deliver(event);
  }

  _deliver(event) {
    this.dispatchEvent(new MessageEvent("message", { data: event.data, origin: event.origin,
      lastEventId: event.lastEventId }));
  }

  _onNativeClose(native, event) {
    if (native !== this._native) return;
    clearTimeout(this._helloTimer);
    page.sockets.delete(this);
    if (this._handedOff && page.settings.seamless && !this._appClosed && this._readyState === OPEN) {
      this._reconnectInPlace();
      return;
    }
    const opened = (this._readyState !== CONNECTING && !this._outbox) || this._hello;
    if (!opened && !this._appClosed && this._retry(native)) return;
    if (this._token) {
      page.giveBackToken(this._address, this._token);
      this._token = null;
    }
    // A normal close (1000) by the server is the app's decision; anything else without a hand-off is a loss.
    if (this._hello && !this._handedOff && !this._appClosed && event.code !== 1000) page.onUncleanClose();
    if (!opened && !this._appClosed) this.dispatchEvent(new Event("error"));
    this._finish(event.code, event.reason, event.wasClean || this._handedOff);
  }

  /** Seamless mode: the same socket object moves to the next pod with its token; sends wait in the outbox. */
  _reconnectInPlace() {
    this._handedOff = false;
    this._hello = false;
    this._attempt = 0;
    this._outbox = this._outbox || [];
    this._token = page.takeToken(this._address);
    const wait = this._token ? Math.max(0, this._token.notBefore - Date.now()) : 0;
    this._timer = setTimeout(() => this._connect(), wait);
  }

  /** A handshake that failed before the app saw `open`: try again where that can help. */
  _retry(native) {
    if (native.readyState !== CLOSED) return false;
    if (this._token && this._attempt < page.settings.reconnectAttempts) {
      // Most likely a pod that is draining (503) or gone: another try goes through the Service again.
      const delay = Math.min(2000, 150 * 2 ** this._attempt) * (0.5 + Math.random() / 2);
      this._timer = setTimeout(() => this._connect(), delay);
      return true;
    }
    if (this._optIn && !this._token && !page.sidecarSeen && !this._nativeOpened && this._attempt === 1) {
      // No sidecar in front of this app: browsers fail a handshake whose offered protocols got no answer.
      this._optIn = false;
      this._connect();
      return true;
    }
    return false;
  }

  _finish(code, reason, wasClean) {
    if (this._readyState === CLOSED) return;
    this._readyState = CLOSED;
    this.dispatchEvent(new CloseEvent("close", { code, reason, wasClean }));
  }
}

for (const [name, value] of Object.entries({ CONNECTING, OPEN, CLOSING, CLOSED })) {
  Object.defineProperty(HandoffWebSocket, name, { value, enumerable: true });
  Object.defineProperty(HandoffWebSocket.prototype, name, { value, enumerable: true });
}

// onopen/onmessage/onerror/onclose, as the browser's WebSocket has them (Phoenix uses these).
for (const type of ["open", "message", "error", "close"]) {
  Object.defineProperty(HandoffWebSocket.prototype, "on" + type, {
    get() { return this._handlers[type] || null; },
    set(handler) {
      if (this._handlers[type]) this.removeEventListener(type, this._handlers[type]);
      this._handlers[type] = typeof handler === "function" ? handler : null;
      if (this._handlers[type]) this.addEventListener(type, this._handlers[type]);
    },
  });
}

function configure(options) {
  page.settings.update(options);
}

function register(name, provider) {
  page.providers.register(name, provider);
  page.registered(String(name));
}

function unregister(name) {
  page.providers.unregister(name);
}

/** The state restored on the current (re)connect, while its restore window is open; else null. */
function restoredState() {
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
 */
function connectParams(base = {}) {
  return (element) => {
    const params = Object.assign({}, typeof base === "function" ? base(element) : base);
    if (!element) return params;
    page.start();
    const state = page.joinState(element);
    if (state) params._handoff = state;
    return params;
  };
}

/** What the page would hand off right now. */
function capture() {
  return page.capture();
}

/** Tell Handoff that provider state changed (form fields are watched without this). */
function changed() {
  page.changed();
}

/** Re-applies the current restore to fields under root that the user has not touched (LiveView hook). */
function reapply(root) {
  page.window.reapply(root || document);
}

const Handoff = Object.freeze({
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

if (!globalThis.Handoff) globalThis.Handoff = Handoff;
})();
