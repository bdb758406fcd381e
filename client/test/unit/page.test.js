// src/page.js: what a hello restores from (server snapshot, local copy, nothing), capture, and the join's state.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { HandoffPage } from "../../src/page.js";

let page;
let restored;
const onRestored = (e) => restored.push(e.detail);

beforeEach(() => {
  sessionStorage.clear();
  document.body.innerHTML = `<form id="f"><input name="note" value="draft"><input type="password" name="pw" value="x">
    </form>`;
  page = new HandoffPage();
  page.settings.update({ pageVersion: 3 });
  restored = [];
  document.addEventListener("handoff:restored", onRestored);
});

afterEach(() => {
  document.removeEventListener("handoff:restored", onRestored);
  page.window.close();
  vi.useRealTimers();
});

const state = (note) => ({ v: 1, path: "/profile", fields: { f: { note } } });
const note = () => document.querySelector("[name=note]").value;

test("capture: the state JSON, with providers and scroll only when there are any", () => {
  expect(page.capture()).toEqual({ v: 1, path: "/profile", fields: { f: { note: "draft" } } });
  page.providers.register("drawer", { save: () => ({ open: true }), restore() {} });
  page.settings.update({ scroll: true });
  expect(page.capture()).toEqual({ v: 1, path: "/profile", fields: { f: { note: "draft" } },
    providers: { drawer: { open: true } }, scroll: { x: 0, y: 0 } });
});

describe("hello", () => {
  test("with a restored snapshot: applied, handoff:restored from the server", () => {
    page.onHello({ t: "hello", version: 4, restored: { fromVersion: 3, state: state("from server") } });
    expect(note()).toBe("from server");
    expect(restored).toEqual([{ source: "server", fromVersion: 3, state: state("from server") }]);
    expect(page.sidecarSeen).toBe(true);
    expect(page.restoredState()).toEqual(state("from server"));
  });

  test("restore expired: the local copy, only when taken on the same page version", () => {
    page.copies.write("copy", { pageVersion: 3, savedAt: 0, state: state("local") });
    page.onHello({ t: "hello", restore: "expired" });
    expect(restored.map((r) => [r.source, r.fromVersion])).toEqual([["local", 3]]);
    page.copies.write("copy", { pageVersion: 2, savedAt: 0, state: state("older page") });
    page.onHello({ t: "hello", restore: "unavailable" });
    expect(restored).toHaveLength(1);
  });

  test("a plain hello restores nothing, unless an unclean close made the local copy due", () => {
    page.onHello({ t: "hello" });
    expect(restored).toEqual([]);
    page.onUncleanClose();
    document.querySelector("[name=note]").value = "";
    page.onHello({ t: "hello" });
    expect(restored.map((r) => r.source)).toEqual(["local"]);
    expect(note()).toBe("draft");
  });

  test("versionFrom hello: the hello's version is the page's version from then on", () => {
    page.settings.update({ versionFrom: "hello" });
    page.onHello({ t: "hello", version: 9 });
    expect(page.settings.currentPageVersion()).toBe(9);
  });
});

test("providers get their part, also when registered after the restore", () => {
  const got = [];
  page.providers.register("a", { save: () => 1, restore: (v) => got.push(["a", v]) });
  page.restore({ ...state("x"), providers: { a: 1, b: 2 } }, "server", 1);
  page.providers.register("b", { save: () => 2, restore: (v) => got.push(["b", v]) });
  page.registered("b");
  expect(got).toEqual([["a", 1], ["b", 2]]);
});

test("restoredState is null once the restore window is over", () => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  page.settings.update({ restoreWindowMs: 1000 });
  page.restore(state("x"), "server", 1);
  vi.advanceTimersByTime(1000);
  expect(page.restoredState()).toBeNull();
  expect(page.joinState(document)).toBeNull();
});

test("joinState: the restored state plus each restored form's params", () => {
  page.restore(state("restored"), "server", 1);
  expect(page.joinState(document.querySelector("#f"))).toEqual({ ...state("restored"),
    forms: { f: { note: "restored" } } });
});

describe("tokens", () => {
  test("taken in order per address, after their time; given back to the front", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    page.onHandoff("ws://a/x", { token: "t1", reconnectAfterMs: 100, ttlMs: 1000 });
    page.onHandoff("ws://a/x", { token: "t2", ttlMs: 1000 });
    const first = page.takeToken("ws://a/x");
    expect(first).toMatchObject({ token: "t1", notBefore: Date.now() + 100 });
    expect(page.takeToken("ws://a/y")).toBeNull();
    page.giveBackToken("ws://a/x", first);
    expect(page.takeToken("ws://a/x").token).toBe("t1");
    vi.advanceTimersByTime(1000);
    expect(page.takeToken("ws://a/x")).toBeNull();
    expect(page.localRestoreDue).toBe(true);
  });
});

test("checkpoint: a copy in sessionStorage and a checkpoint frame to each greeted socket, debounced", () => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  const sent = [];
  page.sockets.add({ sendControl: (m) => sent.push(m) });
  page.changed();
  page.changed();
  vi.advanceTimersByTime(749);
  expect(sent).toEqual([]);
  vi.advanceTimersByTime(1);
  expect(sent).toEqual([{ t: "checkpoint", state: page.capture(), pageVersion: 3 }]);
  expect(JSON.parse(sessionStorage.getItem("handoff:copy:/profile"))).toMatchObject({ pageVersion: 3,
    state: page.capture() });
});

test("refresh: a cancelled handoff:refresh keeps the page; else the state is stashed for after the reload", () => {
  const cancel = (e) => e.preventDefault();
  document.addEventListener("handoff:refresh", cancel, { once: true });
  expect(page.onRefresh({ t: "refresh" })).toBe(false);
  expect(page.copies.read("refresh")).toBeNull();
  const errors = vi.spyOn(console, "error").mockImplementation(() => {}); // jsdom: reload is not implemented
  expect(page.onRefresh({ t: "refresh", reason: "version" })).toBe(true);
  errors.mockRestore();
  expect(page.copies.read("refresh")).toMatchObject({ fromVersion: 3, state: page.capture() });
});

describe("fields the user typed into since the sidecar last got the state", () => {
  const edited = () => page.editedSinceSave.add("f\u0001note");
  const socket = { sendControl: vi.fn() };

  test("a checkpoint while no socket is open (handed off, reconnecting) keeps them newer than the snapshot", () => {
    page.onHello({ t: "hello", version: 3 });
    edited();
    document.querySelector("[name=note]").value = "typed while away";
    page.checkpoint();
    page.onHello({ t: "hello", version: 4, restored: { fromVersion: 3, state: state("drained") } });
    expect(note()).toBe("typed while away");
    expect(page.restoredState().fields.f.note).toBe("typed while away");
  });

  test("a checkpoint a sidecar received, or the drain's answer, makes them part of the snapshot", () => {
    page.sockets.add(socket);
    edited();
    page.checkpoint();
    expect(page.editedSinceSave.size).toBe(0);
    edited();
    page.answerDrain(socket);
    expect(page.editedSinceSave.size).toBe(0);
    page.sockets.delete(socket);
    page.onHello({ t: "hello", version: 4, restored: { fromVersion: 3, state: state("from server") } });
    expect(note()).toBe("from server");
  });
});
