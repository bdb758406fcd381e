// handoff.js — the browser side of Handoff, protocol v1 (see docs/PROTOCOL.md and docs/CLIENT.md).
// The entry of the ES module build: build.mjs bundles it (esbuild) into client/handoff.js.
import { Handoff } from "./api.js";

export { HandoffWebSocket as WebSocket } from "./socket.js";
export { configure, register, unregister, restoredState, connectParams, capture, changed, reapply, Handoff }
  from "./api.js";
export default Handoff;
