// src/restore-window.js: restored values re-applied, for a while, to fields the app re-renders.
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { FormFields } from "../../src/form-fields.js";
import { RestoreWindow } from "../../src/restore-window.js";

const saved = { f: { name: "Ada", note: "kept" } };
let window_;

/** MutationObserver callbacks, then the microtask the window schedules its pass in. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const render = (name = "", note = "") => {
  document.body.innerHTML = `<form id="f"><input name="name" value="${name}"><input name="note" value="${note}"></form>`;
};
const value = (name) => document.querySelector(`[name=${name}]`).value;

beforeEach(() => {
  render();
  window_ = new RestoreWindow(new FormFields());
});

afterEach(() => {
  window_.close();
  vi.useRealTimers();
});

test("a field the app re-renders empty gets the restored value again", async () => {
  window_.open(saved, 5000);
  expect(window_.isOpen()).toBe(true);
  render();
  await settle();
  expect([value("name"), value("note")]).toEqual(["Ada", "kept"]);
});

test("a field the user changed since is theirs: never re-applied", async () => {
  window_.open(saved, 5000);
  window_.userChanged(document.querySelector("[name=name]"));
  render("", "");
  await settle();
  expect([value("name"), value("note")]).toEqual(["", "kept"]);
});

test("after its time the window is closed: nothing is re-applied", async () => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  window_.open(saved, 100);
  vi.advanceTimersByTime(100);
  expect(window_.isOpen()).toBe(false);
  vi.useRealTimers();
  render();
  await settle();
  expect(value("name")).toBe("");
});

test("a server that keeps rewriting a field wins after three re-applies (no ping-pong)", async () => {
  window_.open({ f: { name: "Ada" } }, 5000);
  for (let i = 0; i < 5; i++) {
    render("server");
    await settle();
  }
  expect(value("name")).toBe("server");
  expect(window_.reapplied.get("f\u0001name")).toBe(3);
});

test("reapply(root) applies to that subtree only the values still pending", () => {
  document.body.innerHTML = `<form id="f"><input name="name"></form><form id="g"><input name="name"></form>`;
  window_.open({ f: { name: "Ada" }, g: { name: "Bob" } }, 5000);
  window_.reapply(document.querySelector("#g"));
  expect(Array.from(document.querySelectorAll("[name=name]"), (el) => el.value)).toEqual(["", "Bob"]);
});

test("nothing saved opens nothing", () => {
  window_.open({}, 5000);
  expect(window_.isOpen()).toBe(false);
  window_.open({ f: { name: "Ada" } }, 5000);
  window_.close();
  expect(window_.isOpen()).toBe(false);
});
