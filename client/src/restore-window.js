import { fieldKey } from "./form-fields.js";

// How often one field is re-applied: enough for a mount and a late patch, few enough that an app whose server
// rewrites the value (normalising it, say) does not ping-pong with us for the whole window.
const MAX_REAPPLIES = 3;

/**
 * Re-applies restored field values for a short while: an app that mounts afresh re-renders its view from its own
 * server state and replaces the restored elements. Fields the user has typed into since are left alone.
 */
export class RestoreWindow {
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
