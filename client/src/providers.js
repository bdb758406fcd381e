/** Named state providers: handoff.register("drawer", {save, restore}). */
export class Providers {
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

  /** @returns {Record<string, unknown>} */
  save() {
    /** @type {Record<string, unknown>} */
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
