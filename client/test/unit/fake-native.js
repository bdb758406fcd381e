// A stand-in for the browser's WebSocket that a test drives by hand: what the socket under test offers and sends is
// recorded, the "server" side (accept, control frames, messages, drops) is a method call, synchronously.
import { vi } from "vitest";

export class FakeNative {
  static all = [];

  constructor(url, protocols) {
    this.url = url;
    this.protocols = protocols;
    this.readyState = 0;
    this.protocol = "";
    this.extensions = "";
    this.bufferedAmount = 0;
    this.binaryType = "blob";
    this.sent = [];
    this.closedWith = null;
    FakeNative.all.push(this);
  }

  send(data) {
    if (this.readyState !== 1) throw new Error("send on a native socket in state " + this.readyState);
    this.sent.push(data);
  }

  close(code, reason) {
    this.closedWith = [code, reason];
    this.readyState = 2;
  }

  /** The server completes the handshake, answering `protocol` ("" for none). */
  accept(protocol = "handoff.v1") {
    this.readyState = 1;
    this.protocol = protocol;
    this.onopen({});
  }

  control(message) {
    this.onmessage({ data: "\u0000" + JSON.stringify(message), origin: "ws://app.test" });
  }

  message(data) {
    this.onmessage({ data, origin: "ws://app.test" });
  }

  /** The connection ends: after a handshake that failed (never accepted) or on an open socket. */
  drop(code = 1006, reason = "", wasClean = false) {
    this.readyState = 3;
    this.onerror({});
    this.onclose({ code, reason, wasClean });
  }

  /** Control frames the client sent, parsed. */
  controls() {
    return this.sent.filter((d) => typeof d === "string" && d.charCodeAt(0) === 0).map((d) => JSON.parse(d.slice(1)));
  }
}

/** A fresh handoff.js (its own page) built from client/src, on FakeNative; fake timers. */
export async function loadFresh() {
  vi.resetModules();
  FakeNative.all = [];
  sessionStorage.clear();
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  const saved = globalThis.WebSocket;
  globalThis.WebSocket = FakeNative;
  try {
    const api = await import("../../src/index.js");
    const { page } = await import("../../src/page.js");
    return { api, page, HandoffWebSocket: api.WebSocket };
  } finally {
    globalThis.WebSocket = saved;
  }
}

/** Every event the socket dispatches, as "open", "message:<data>", "error", "close:<code>:<wasClean>". */
export function record(socket) {
  const events = [];
  socket.addEventListener("open", () => events.push("open"));
  socket.addEventListener("message", (e) => events.push("message:" + e.data));
  socket.addEventListener("error", () => events.push("error"));
  socket.addEventListener("close", (e) => events.push("close:" + e.code + ":" + e.wasClean));
  return events;
}

export const last = () => FakeNative.all[FakeNative.all.length - 1];
