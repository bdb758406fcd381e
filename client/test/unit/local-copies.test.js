// src/local-copies.js: the sessionStorage copies, keyed by prefix, kind and path; storage failures are swallowed.
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { LocalCopies } from "../../src/local-copies.js";
import { Settings } from "../../src/settings.js";

let settings;
let copies;

beforeEach(() => {
  sessionStorage.clear();
  settings = new Settings();
  copies = new LocalCopies(settings);
});

afterEach(() => vi.restoreAllMocks());

test("write stores JSON under prefix + kind + path; read parses it back", () => {
  copies.write("copy", { state: { v: 1 } });
  expect(sessionStorage.getItem("handoff:copy:/profile")).toBe('{"state":{"v":1}}');
  expect(copies.read("copy")).toEqual({ state: { v: 1 } });
  expect(copies.read("refresh")).toBeNull();
});

test("the prefix follows the settings", () => {
  settings.update({ storagePrefix: "app1:" });
  copies.write("refresh", 1);
  expect(sessionStorage.getItem("app1:refresh:/profile")).toBe("1");
});

test("take reads once", () => {
  copies.write("refresh", { a: 1 });
  expect(copies.take("refresh")).toEqual({ a: 1 });
  expect(copies.take("refresh")).toBeNull();
});

test("garbage reads as null; a full or disabled storage throws nowhere", () => {
  sessionStorage.setItem("handoff:copy:/profile", "{not json");
  expect(copies.read("copy")).toBeNull();
  vi.spyOn(Storage.prototype, "setItem").mockImplementation(() => { throw new DOMException("full", "QuotaExceededError"); });
  vi.spyOn(Storage.prototype, "getItem").mockImplementation(() => { throw new DOMException("denied", "SecurityError"); });
  vi.spyOn(Storage.prototype, "removeItem").mockImplementation(() => { throw new DOMException("denied", "SecurityError"); });
  expect(() => copies.write("copy", 1)).not.toThrow();
  expect(copies.read("copy")).toBeNull();
  expect(copies.take("copy")).toBeNull();
});
