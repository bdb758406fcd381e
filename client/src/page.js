import { emit } from "./events.js";
import { FormFields, fieldKey } from "./form-fields.js";
import { LocalCopies } from "./local-copies.js";
import { FRAME, STATE_FORMAT } from "./protocol.js";
import { Providers } from "./providers.js";
import { RestoreWindow } from "./restore-window.js";
import { Settings, samePageVersion } from "./settings.js";

/** Everything the page keeps across its sockets: tokens waiting for a reconnect, the last restore, the copies. */
export class HandoffPage {
  constructor() {
    this.settings = /** @type {Settings & import("./settings.js").SettingValues} */ (new Settings());
    this.fields = new FormFields();
    this.providers = new Providers();
    this.copies = new LocalCopies(this.settings);
    this.window = new RestoreWindow(this.fields);
    this.tokens = new Map();      // socket address → [{token, notBefore, expiresAt}]
    this.sockets = new Set();     // opted-in sockets that got their hello
    this.lastRestore = null;
    this.sidecarSeen = false;
    this.localRestoreDue = false; // the next hello restores from the sessionStorage copy
    /** @type {Set<string>} fields the user typed into since the state that can come back was taken */
    this.editedSinceSave = new Set();
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

  /** @returns {import("../handoff.js").HandoffState} */
  capture() {
    /** @type {import("../handoff.js").HandoffState} */
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
    // Only a sidecar's copy makes the edits old: while no socket is open (handed off, reconnecting) the state a
    // hello will restore is still the one the drain took, and what the user typed since stays newer than it.
    if (this.sockets.size) this.editedSinceSave.clear();
    for (const socket of this.sockets) socket.sendControl({ t: FRAME.CHECKPOINT, state, pageVersion });
  }

  /** Takes the state that a hand-off, a checkpoint or the local copy can bring back later. */
  saveCopy() {
    const state = this.capture();
    this.copies.write("copy", { pageVersion: this.settings.currentPageVersion(), savedAt: Date.now(), state });
    return state;
  }

  answerDrain(socket) {
    clearTimeout(this.checkpointTimer);
    this.editedSinceSave.clear();
    const state = this.saveCopy();
    socket.sendControl({ t: FRAME.STATE, state, pageVersion: this.settings.currentPageVersion() });
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

/** The page this module runs in: one per load of handoff.js, shared by all its sockets. */
export const page = new HandoffPage();
