// The built files: handoff.js exports what it always did; handoff.classic.js sets window.Handoff unless one is there.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect, test } from "vitest";

const classic = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "../../handoff.classic.js"), "utf8");

afterEach(() => {
  delete globalThis.Handoff;
});

test("handoff.js: the same named exports and default as before the split", async () => {
  const mod = await import("../../handoff.js");
  expect(Object.keys(mod).sort()).toEqual(["Handoff", "WebSocket", "capture", "changed", "configure", "connectParams",
    "default", "reapply", "register", "restoredState", "unregister"]);
  expect(mod.default).toBe(mod.Handoff);
  expect(Object.isFrozen(mod.Handoff)).toBe(true);
  expect(Object.keys(mod.Handoff)).toEqual(["WebSocket", "configure", "register", "unregister", "restoredState",
    "connectParams", "capture", "changed", "reapply", "protocol"]);
  expect(mod.Handoff.protocol).toBe("handoff.v1");
  expect(mod.WebSocket.name).toBe("HandoffWebSocket");
  expect([mod.WebSocket.CONNECTING, mod.WebSocket.OPEN, mod.WebSocket.CLOSING, mod.WebSocket.CLOSED]).toEqual([0, 1, 2, 3]);
});

test("handoff.classic.js sets window.Handoff, a classic script with no import or export", () => {
  (0, eval)(classic);
  expect(Object.keys(globalThis.Handoff)).toContain("connectParams");
  expect(globalThis.Handoff.protocol).toBe("handoff.v1");
});

test("handoff.classic.js keeps a Handoff that is already there", () => {
  const mine = { mine: true };
  globalThis.Handoff = mine;
  (0, eval)(classic);
  expect(globalThis.Handoff).toBe(mine);
});
