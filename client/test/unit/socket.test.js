// src/socket.js: the WebSocket's states and what moves it between them, on a native socket driven by hand.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { FakeNative, last, loadFresh, record } from "./fake-native.js";

let api;
let page;
let HandoffWebSocket;

beforeEach(async () => {
  ({ api, page, HandoffWebSocket } = await loadFresh());
  document.body.innerHTML = `<form id="f"><input name="note" value="draft"></form>`;
});

afterEach(() => {
  vi.clearAllTimers();
  vi.useRealTimers();
  document.body.innerHTML = "";
});

/** A socket that connected through a sidecar and got its hello. */
function greeted(hello = { t: "hello", app: "demo", version: 1 }) {
  const socket = new HandoffWebSocket("ws://app.test/live", ["app.v2"]);
  const events = record(socket);
  last().accept("handoff.v1");
  last().control(hello);
  return { socket, events, native: last() };
}

describe("connecting", () => {
  test("offers the app's protocols, then the hand-off protocol; open waits for hello", () => {
    const socket = new HandoffWebSocket("/live?vsn=2", "app.v2");
    const events = record(socket);
    expect(last().url).toBe("ws://app.test/live?vsn=2");
    expect(last().protocols).toEqual(["app.v2", "handoff.v1"]);
    expect(socket.readyState).toBe(HandoffWebSocket.CONNECTING);
    last().accept("handoff.v1");
    expect(socket.readyState).toBe(HandoffWebSocket.CONNECTING);
    expect(socket.protocol).toBe("");
    last().control({ t: "hello", app: "demo", version: 1 });
    expect(socket.readyState).toBe(HandoffWebSocket.OPEN);
    expect(events).toEqual(["open"]);
  });

  test("http(s) URLs become ws(s); other schemes throw SyntaxError", () => {
    expect(new HandoffWebSocket("https://app.test/x").url).toBe("wss://app.test/x");
    expect(() => new HandoffWebSocket("ftp://app.test/x")).toThrow(expect.objectContaining({ name: "SyntaxError" }));
  });

  test("without a hello, open comes after helloTimeoutMs, or sidecarHelloTimeoutMs when handoff.v1 was answered", () => {
    const plain = new HandoffWebSocket("ws://app.test/a");
    const plainEvents = record(plain);
    last().accept("");
    const sidecar = new HandoffWebSocket("ws://app.test/b");
    const sidecarEvents = record(sidecar);
    last().accept("handoff.v1");
    vi.advanceTimersByTime(999);
    expect(plainEvents).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(plainEvents).toEqual(["open"]);
    vi.advanceTimersByTime(3999);
    expect(sidecarEvents).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sidecarEvents).toEqual(["open"]);
  });

  test("a server that speaks first opens the socket at once, its message after open", () => {
    const socket = new HandoffWebSocket("ws://app.test/a");
    const events = record(socket);
    last().accept("");
    last().message("first");
    expect(events).toEqual(["open", "message:first"]);
    vi.advanceTimersByTime(10000);
    expect(events).toEqual(["open", "message:first"]);
  });

  test("control frames never reach the app; other NUL-led text does", () => {
    const { events, native } = greeted();
    native.control({ t: "future-frame" });
    native.message("\u0000not json");
    native.message("app data");
    expect(events).toEqual(["open", "message:\u0000not json", "message:app data"]);
  });

  test("send while connecting throws InvalidStateError", () => {
    const socket = new HandoffWebSocket("ws://app.test/a");
    expect(() => socket.send("x")).toThrow(expect.objectContaining({ name: "InvalidStateError" }));
  });

  test("a failed handshake with no sidecar seen is retried once without the hand-off protocol, unseen by the app", () => {
    const socket = new HandoffWebSocket("ws://app.test/a", ["app.v2"]);
    const events = record(socket);
    const first = last();
    first.drop(1006);
    expect(FakeNative.all).toHaveLength(2);
    expect(last().protocols).toEqual(["app.v2"]);
    last().accept("app.v2");
    expect(events).toEqual(["open"]);
    expect(socket.protocol).toBe("app.v2");
    last().control({ t: "hello" }); // no longer opted in: delivered as data
    expect(events).toHaveLength(2);
  });

  test("a second failed handshake fails the socket: error, then close", () => {
    const socket = new HandoffWebSocket("ws://app.test/a");
    const events = record(socket);
    last().drop(1006);
    last().drop(1006);
    expect(events).toEqual(["error", "close:1006:false"]);
    expect(socket.readyState).toBe(HandoffWebSocket.CLOSED);
  });

  test("once a sidecar said hello, a failed handshake is not retried without the protocol", () => {
    greeted();
    const socket = new HandoffWebSocket("ws://app.test/other");
    const events = record(socket);
    last().drop(1006);
    expect(events).toEqual(["error", "close:1006:false"]);
  });

  test("enabled: false is the browser's WebSocket: no hand-off protocol, open on the handshake", () => {
    api.configure({ enabled: false });
    const socket = new HandoffWebSocket("ws://app.test/a", ["app.v2"]);
    const events = record(socket);
    expect(last().protocols).toEqual(["app.v2"]);
    last().accept("app.v2");
    expect(events).toEqual(["open"]);
  });

  test("a page reload (refresh) holds open; a cancelled one releases it", () => {
    const socket = new HandoffWebSocket("ws://app.test/a");
    const events = record(socket);
    document.addEventListener("handoff:refresh", (e) => e.preventDefault(), { once: true });
    last().accept();
    last().control({ t: "refresh", reason: "version" });
    expect(events).toEqual(["open"]);
  });
});

describe("open", () => {
  test("checkpoints and drain answers go out as control frames once hello came", () => {
    const { native } = greeted();
    page.answerDrain([...page.sockets][0]);
    const [state] = native.controls();
    expect(state).toMatchObject({ t: "state", state: { v: 1, path: "/profile", fields: { f: { note: "draft" } } } });
    native.control({ t: "drain" });
    expect(native.controls()).toHaveLength(2);
  });

  test("no control frame goes to a socket that never got hello", () => {
    const socket = new HandoffWebSocket("ws://app.test/a");
    last().accept();
    vi.advanceTimersByTime(5000);
    socket.sendControl({ t: "checkpoint" });
    expect(last().sent).toEqual([]);
    socket.send("app");
    expect(last().sent).toEqual(["app"]);
  });

  test("an unclean close after hello keeps a local copy and restores it on the next hello", () => {
    api.configure({ pageVersion: 7 }); // a copy is restored only onto the page version it was taken from
    const { events, native } = greeted();
    native.drop(1006);
    expect(events).toEqual(["open", "close:1006:false"]);
    expect(JSON.parse(sessionStorage.getItem("handoff:copy:/profile")).state.fields).toEqual({ f: { note: "draft" } });
    document.querySelector("[name=note]").value = "";
    const restored = vi.fn();
    document.addEventListener("handoff:restored", (e) => restored(e.detail.source), { once: true });
    greeted();
    expect(restored).toHaveBeenCalledWith("local");
    expect(document.querySelector("[name=note]").value).toBe("draft");
  });

  test("a normal close (1000) by the server keeps no copy", () => {
    const { events, native } = greeted();
    native.drop(1000, "bye", true);
    expect(events).toEqual(["open", "close:1000:true"]);
    expect(sessionStorage.getItem("handoff:copy:/profile")).toBeNull();
  });
});

describe("hand-off", () => {
  test("after handoff the close is clean and the next socket to the address presents the token", () => {
    const { events, native } = greeted();
    native.control({ t: "handoff", token: "tok1", reconnectAfterMs: 0, ttlMs: 60000 });
    native.drop(1001, "going away", false);
    expect(events).toEqual(["open", "close:1001:true"]);
    const next = new HandoffWebSocket("ws://app.test/live?vsn=2");
    expect(last().protocols).toEqual(["handoff.v1", "handoff.token.tok1"]);
    const other = new HandoffWebSocket("ws://app.test/elsewhere");
    expect(last().protocols).toEqual(["handoff.v1"]);
    expect(next.readyState).toBe(0);
    expect(other.readyState).toBe(0);
  });

  test("the next socket waits reconnectAfterMs before connecting", () => {
    const { native } = greeted();
    native.control({ t: "handoff", token: "tok1", reconnectAfterMs: 300, ttlMs: 60000 });
    native.drop(1001);
    const count = FakeNative.all.length;
    new HandoffWebSocket("ws://app.test/live");
    expect(FakeNative.all).toHaveLength(count);
    vi.advanceTimersByTime(300);
    expect(FakeNative.all).toHaveLength(count + 1);
  });

  test("a token's failed handshakes are retried reconnectAttempts times, then the app hears error and close", () => {
    const { native } = greeted();
    native.control({ t: "handoff", token: "tok1", reconnectAfterMs: 0, ttlMs: 60000 });
    native.drop(1001);
    const socket = new HandoffWebSocket("ws://app.test/live");
    const events = record(socket);
    for (let i = 0; i < 5; i++) {
      expect(last().protocols).toContain("handoff.token.tok1");
      last().drop(1006);
      vi.advanceTimersByTime(2000);
    }
    expect(events).toEqual(["error", "close:1006:false"]);
    // the token was given back: a later socket still presents it
    new HandoffWebSocket("ws://app.test/live");
    expect(last().protocols).toContain("handoff.token.tok1");
  });

  test("an expired token is dropped; the next hello restores the local copy", () => {
    const { native } = greeted();
    native.control({ t: "handoff", token: "tok1", reconnectAfterMs: 0, ttlMs: 1000 });
    native.drop(1001);
    vi.advanceTimersByTime(1001);
    new HandoffWebSocket("ws://app.test/live");
    expect(last().protocols).toEqual(["handoff.v1"]);
    expect(page.localRestoreDue).toBe(true);
  });

  test("seamless: the socket moves to the next pod, no close, sends held until its hello", () => {
    api.configure({ seamless: true });
    const { socket, events, native } = greeted();
    native.control({ t: "handoff", token: "tok1", reconnectAfterMs: 100, ttlMs: 60000 });
    socket.send("during drain");
    native.drop(1001);
    expect(socket.readyState).toBe(HandoffWebSocket.OPEN);
    socket.send("between pods");
    vi.advanceTimersByTime(100);
    const next = last();
    expect(next).not.toBe(native);
    expect(next.protocols).toEqual(["app.v2", "handoff.v1", "handoff.token.tok1"]);
    next.accept();
    socket.send("before hello");
    expect(next.sent).toEqual([]);
    next.control({ t: "hello", app: "demo", version: 2 });
    expect(next.sent).toEqual(["during drain", "between pods", "before hello"]);
    expect(events).toEqual(["open"]);
    socket.send("after");
    expect(next.sent).toHaveLength(4);
  });

  test("seamless: a next pod that sends first flushes the held sends", () => {
    api.configure({ seamless: true });
    const { socket, events, native } = greeted();
    native.control({ t: "handoff", token: "tok1", reconnectAfterMs: 0, ttlMs: 60000 });
    native.drop(1001);
    vi.advanceTimersByTime(0);
    socket.send("held");
    last().accept("");
    last().message("hi");
    expect(last().sent).toEqual(["held"]);
    expect(events).toEqual(["open", "message:hi"]);
  });

  test("seamless: the app closing between pods gets its close event", async () => {
    api.configure({ seamless: true });
    const { socket, events, native } = greeted();
    native.control({ t: "handoff", token: "tok1", reconnectAfterMs: 100, ttlMs: 60000 });
    native.drop(1001);
    socket.close(4000, "done");
    expect(socket.readyState).toBe(HandoffWebSocket.CLOSING);
    vi.advanceTimersByTime(0);
    expect(events).toEqual(["open", "close:4000:true"]);
    vi.advanceTimersByTime(1000);
    expect(last()).toBe(native); // never reconnected
  });
});

describe("closing", () => {
  test("close codes other than 1000 and 3000–4999 throw InvalidAccessError", () => {
    const { socket } = greeted();
    expect(() => socket.close(1001)).toThrow(expect.objectContaining({ name: "InvalidAccessError" }));
  });

  test("close while the handshake runs closes the native socket; its close reaches the app", () => {
    const socket = new HandoffWebSocket("ws://app.test/a");
    const events = record(socket);
    socket.close(1000, "bye");
    expect(last().closedWith).toEqual([1000, "bye"]);
    expect(socket.readyState).toBe(HandoffWebSocket.CLOSING);
    last().drop(1000, "bye", true);
    expect(events).toEqual(["close:1000:true"]);
    expect(FakeNative.all).toHaveLength(1);
  });

  test("close before connecting (waiting for reconnectAfterMs) fails the socket asynchronously and keeps the token", () => {
    const { native } = greeted();
    native.control({ t: "handoff", token: "tok1", reconnectAfterMs: 500, ttlMs: 60000 });
    native.drop(1001);
    const socket = new HandoffWebSocket("ws://app.test/live");
    const events = record(socket);
    const count = FakeNative.all.length;
    socket.close();
    expect(events).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(events).toEqual(["close:1006:false"]);
    expect(FakeNative.all).toHaveLength(count);
    new HandoffWebSocket("ws://app.test/live");
    vi.advanceTimersByTime(500);
    expect(last().protocols).toContain("handoff.token.tok1");
  });

  test("close after open: CLOSING, then CLOSED with the server's close; a second close does nothing", () => {
    const { socket, events, native } = greeted();
    socket.close();
    socket.close();
    expect(native.closedWith).toEqual([undefined, undefined]);
    expect(socket.readyState).toBe(HandoffWebSocket.CLOSING);
    native.drop(1005, "", true);
    expect(socket.readyState).toBe(HandoffWebSocket.CLOSED);
    expect(events).toEqual(["open", "close:1005:true"]);
    expect(sessionStorage.getItem("handoff:copy:/profile")).toBeNull();
  });

  test("on* handlers work like the browser's", () => {
    const socket = new HandoffWebSocket("ws://app.test/a");
    const calls = [];
    socket.onopen = () => calls.push("a");
    socket.onopen = () => calls.push("b");
    last().accept("");
    last().message("m");
    expect(calls).toEqual(["b"]);
    expect(HandoffWebSocket.OPEN).toBe(1);
    expect(socket.CLOSED).toBe(3);
  });
});

describe("states", () => {
  const state = (socket) => socket._state;

  test("through a sidecar: waiting for the token's time, handshake, awaiting hello, open, handed off, closed", () => {
    const { native } = greeted();
    native.control({ t: "handoff", token: "tok1", reconnectAfterMs: 50, ttlMs: 60000 });
    native.drop(1001);
    const socket = new HandoffWebSocket("ws://app.test/live");
    expect([state(socket), socket.readyState]).toEqual(["waiting", 0]);
    vi.advanceTimersByTime(50);
    expect(state(socket)).toBe("handshake");
    last().accept();
    expect([state(socket), socket.readyState]).toEqual(["awaiting-hello", 0]);
    last().control({ t: "hello", restored: { fromVersion: 1, state: { v: 1, path: "/profile", fields: {} } } });
    expect([state(socket), socket.readyState]).toEqual(["open", 1]);
    last().control({ t: "handoff", token: "tok2", reconnectAfterMs: 0, ttlMs: 60000 });
    expect([state(socket), socket.readyState]).toEqual(["handed-off", 1]);
    last().drop(1001);
    expect([state(socket), socket.readyState]).toEqual(["closed", 3]);
  });

  test("a hello later than its timeout takes open-no-hello to open: checkpoints flow, an unclean close is a loss", () => {
    const socket = new HandoffWebSocket("ws://app.test/a");
    last().accept();
    vi.advanceTimersByTime(5000);
    expect(state(socket)).toBe("open-no-hello");
    last().control({ t: "hello" });
    expect(state(socket)).toBe("open");
    socket.sendControl({ t: "checkpoint" });
    expect(last().controls()).toEqual([{ t: "checkpoint" }]);
    last().drop(1006);
    expect(sessionStorage.getItem("handoff:copy:/profile")).not.toBeNull();
  });

  test("an unclean close of a socket that never got hello keeps no copy", () => {
    const socket = new HandoffWebSocket("ws://app.test/a");
    last().accept("");
    last().message("x");
    expect(state(socket)).toBe("open-no-hello");
    last().drop(1006);
    expect(sessionStorage.getItem("handoff:copy:/profile")).toBeNull();
  });

  test("seamless: holding, moving-waiting, moving-handshake, moving-awaiting-hello, open; readyState stays OPEN", () => {
    api.configure({ seamless: true });
    const { socket, native } = greeted();
    native.control({ t: "handoff", token: "tok1", reconnectAfterMs: 10, ttlMs: 60000 });
    const seen = [state(socket)];
    native.drop(1001);
    seen.push(state(socket));
    vi.advanceTimersByTime(10);
    seen.push(state(socket));
    last().accept();
    seen.push(state(socket));
    expect(socket.readyState).toBe(1);
    last().control({ t: "hello" });
    seen.push(state(socket));
    expect(seen).toEqual(["holding", "moving-waiting", "moving-handshake", "moving-awaiting-hello", "open"]);
  });

  test("seamless: a next pod that fails its handshakes is retried with the token, then the app hears error and close", () => {
    api.configure({ seamless: true, reconnectAttempts: 2 });
    const { socket, events, native } = greeted();
    native.control({ t: "handoff", token: "tok1", reconnectAfterMs: 0, ttlMs: 60000 });
    native.drop(1001);
    vi.advanceTimersByTime(0);
    last().drop(1006);
    expect(state(socket)).toBe("moving-waiting");
    vi.advanceTimersByTime(2000);
    expect(last().protocols).toContain("handoff.token.tok1");
    last().drop(1006);
    expect(events).toEqual(["open", "error", "close:1006:false"]);
  });

  test("seamless: no hello from the next pod in time releases the held sends to it", () => {
    api.configure({ seamless: true });
    const { socket, native } = greeted();
    native.control({ t: "handoff", token: "tok1", reconnectAfterMs: 0, ttlMs: 60000 });
    socket.send("held");
    native.drop(1001);
    vi.advanceTimersByTime(0);
    last().accept();
    vi.advanceTimersByTime(4999);
    expect(last().sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(last().sent).toEqual(["held"]);
    expect(state(socket)).toBe("open-no-hello");
  });

  test("the app's close after a hand-off counts as clean whatever the native close says", () => {
    const { socket, events, native } = greeted();
    native.control({ t: "handoff", token: "tok1", reconnectAfterMs: 0, ttlMs: 60000 });
    socket.close();
    expect(state(socket)).toBe("closing-handed-off");
    native.drop(1006, "", false);
    expect(events).toEqual(["open", "close:1006:true"]);
  });

  test("a hand-off crossing the app's close also counts as clean", () => {
    const { socket, events, native } = greeted();
    socket.close();
    native.control({ t: "handoff", token: "tok1", reconnectAfterMs: 0, ttlMs: 60000 });
    native.drop(1006, "", false);
    expect(events).toEqual(["open", "close:1006:true"]);
  });

  test("the app closing during the handshake ignores the late native open", () => {
    const socket = new HandoffWebSocket("ws://app.test/a");
    const events = record(socket);
    socket.close();
    last().accept();
    vi.advanceTimersByTime(10000);
    expect([state(socket), events]).toEqual(["closing", []]);
  });
});

describe("closed before hello", () => {
  test("a connection that opened but closed before hello is retried with its token, unseen by the app", () => {
    const { native } = greeted();
    native.control({ t: "handoff", token: "tok1", reconnectAfterMs: 0, ttlMs: 60000 });
    native.drop(1001);
    const socket = new HandoffWebSocket("ws://app.test/live");
    const events = record(socket);
    last().accept();
    last().drop(1011);
    expect(socket._state).toBe("waiting");
    vi.advanceTimersByTime(2000);
    expect(last().protocols).toContain("handoff.token.tok1");
    last().accept();
    last().control({ t: "hello" });
    expect(events).toEqual(["open"]);
  });

  test("without a token it fails the socket: error, then close, and no retry without the protocol", () => {
    const socket = new HandoffWebSocket("ws://app.test/a");
    const events = record(socket);
    last().accept("");
    last().drop(1011);
    expect(events).toEqual(["error", "close:1011:false"]);
    expect(FakeNative.all).toHaveLength(1);
  });

  test("a second hello while holding sends what was held to the leaving pod", () => {
    api.configure({ seamless: true });
    const { socket, native } = greeted();
    native.control({ t: "handoff", token: "tok1", reconnectAfterMs: 0, ttlMs: 60000 });
    socket.send("held");
    native.control({ t: "hello" });
    expect(native.sent).toEqual(["held"]);
    expect(socket._state).toBe("handed-off");
  });
});
