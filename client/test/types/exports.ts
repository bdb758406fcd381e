// tsc (npm test): handoff.d.ts declares what src/index.js exports, no more, no less. The functions' and the
// Handoff object's types are checked in src/ itself (their JSDoc uses the d.ts's types, checkJs).
import * as code from "../../src/index.js";
import * as declared from "../../handoff.js";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
function same<T extends true>(): T | void {}

same<Same<keyof typeof code, keyof typeof declared>>();
same<Same<keyof typeof code.Handoff, keyof typeof declared.Handoff>>();

// Each export is usable where the declaration is.
export const checked: typeof declared = {
  WebSocket: code.WebSocket,
  configure: code.configure,
  register: code.register,
  unregister: code.unregister,
  restoredState: code.restoredState,
  connectParams: code.connectParams,
  capture: code.capture,
  changed: code.changed,
  reapply: code.reapply,
  Handoff: code.Handoff,
  default: code.default,
};
