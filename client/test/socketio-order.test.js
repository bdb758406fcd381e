// socket.io-client's browser bundle (the file a socket.io server serves at /socket.io/socket.io.js) takes
// globalThis.WebSocket when it is evaluated: Handoff.WebSocket must be in place before the script runs.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { FakeSidecar, until } from "./fake-sidecar.js";

const bundle = readFileSync(createRequire(import.meta.url).resolve("socket.io-client/dist/socket.io.js"), "utf8");
let sidecar;
let NativeWebSocket;

beforeEach(async () => {
  NativeWebSocket = globalThis.WebSocket;
  sidecar = await new FakeSidecar({ app: { open() {}, message() {}, close() {} } }).start();
});

afterEach(async () => {
  globalThis.WebSocket = NativeWebSocket;
  delete globalThis.io;
  await sidecar.stop();
});

function evaluateClientScript() {
  (0, eval)(bundle); // as a classic <script>: sets globalThis.io
  return globalThis.io;
}

test("WebSocket replaced before socket.io-client loads: its connections opt into handoff.v1", async () => {
  vi.resetModules();
  const Handoff = (await import("../handoff.js")).default;
  globalThis.WebSocket = Handoff.WebSocket; // <script>window.WebSocket = Handoff.WebSocket</script>
  const io = evaluateClientScript();
  const socket = io(sidecar.url("").replace("ws:", "http:"), { transports: ["websocket"], reconnection: false });
  await until(() => sidecar.conns.size, "a connection");
  expect([...sidecar.conns][0].optIn).toBe(true);
  socket.close();
});

test("replaced after socket.io-client loaded: it keeps the browser's WebSocket and nothing is handed off", async () => {
  vi.resetModules();
  const Handoff = (await import("../handoff.js")).default;
  const io = evaluateClientScript();
  globalThis.WebSocket = Handoff.WebSocket; // too late
  const socket = io(sidecar.url("").replace("ws:", "http:"), { transports: ["websocket"], reconnection: false });
  await until(() => sidecar.conns.size, "a connection");
  expect([...sidecar.conns][0].optIn).toBe(false);
  socket.close();
});
