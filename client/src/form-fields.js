// The named form fields of the page: which ones are kept, how their values are read and written.
import { decodeParams } from "./form-params.js";

// Fields whose values must never leave the page: secrets, files, and what the server put there itself.
const SKIPPED_TYPES = new Set(["password", "file", "hidden", "submit", "button", "reset", "image"]);
const SECRET_AUTOCOMPLETE = /^(cc-|one-time-code|current-password|new-password)/;

/** The named form fields of the page, read and written the way a user would. */
export class FormFields {
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

  /**
   * @param {ParentNode} root
   * @returns {import("../handoff.js").HandoffState["fields"]}
   */
  capture(root) {
    /** @type {import("../handoff.js").HandoffState["fields"]} */
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
  /**
   * @param {ParentNode} root
   * @param {import("../handoff.js").HandoffState["fields"]} fields
   * @param {(formKey: string, name: string) => boolean} [accept]
   * @returns {string[]}
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

/** The key of one field in a restore: its form key and its name. */
export function fieldKey(formKey, name) {
  return formKey + "\u0001" + name;
}
