// src/settings.js: configure()'s options and the page version they name.
import { beforeEach, expect, test } from "vitest";
import { DEFAULTS, Settings, numberOrText, samePageVersion } from "../../src/settings.js";

beforeEach(() => {
  document.head.innerHTML = "";
});

test("defaults, as docs/CLIENT.md lists them", () => {
  expect(DEFAULTS).toEqual({ pageVersion: undefined, enabled: true, helloTimeoutMs: 1000, sidecarHelloTimeoutMs: 5000,
    checkpointDelayMs: 750, restoreWindowMs: 5000, reconnectAttempts: 5, scroll: false, seamless: false,
    storagePrefix: "handoff:", versionFrom: "page" });
  expect({ ...new Settings() }).toEqual(DEFAULTS);
});

test("update refuses unknown options and other versionFrom values", () => {
  const settings = new Settings();
  expect(() => settings.update({ helloTimeout: 1 })).toThrow(/unknown option helloTimeout/);
  expect(() => settings.update({ versionFrom: "meta" })).toThrow(TypeError);
  settings.update({ scroll: true, versionFrom: "hello" });
  expect(settings.scroll).toBe(true);
  settings.update(undefined);
});

test("the page version: pageVersion, else the meta tag, else null; numbers as numbers", () => {
  const settings = new Settings();
  expect(settings.currentPageVersion()).toBeNull();
  document.head.innerHTML = '<meta name="handoff-version" content="42">';
  expect(settings.currentPageVersion()).toBe(42);
  settings.update({ pageVersion: "2026.1-beta" });
  expect(settings.currentPageVersion()).toBe("2026.1-beta");
});

test("versionFrom hello: the last hello's version, until then the page's", () => {
  const settings = new Settings();
  settings.update({ versionFrom: "hello", pageVersion: 1 });
  expect(settings.currentPageVersion()).toBe(1);
  settings.helloVersion = "3";
  expect(settings.currentPageVersion()).toBe(3);
  settings.update({ versionFrom: "page" });
  expect(settings.currentPageVersion()).toBe(1);
});

test("numberOrText and samePageVersion", () => {
  expect([numberOrText("7"), numberOrText(""), numberOrText("v7"), numberOrText(1.5)]).toEqual([7, "", "v7", 1.5]);
  expect([samePageVersion(7, "7"), samePageVersion(null, null), samePageVersion(undefined, "x"), samePageVersion(1, 2)])
    .toEqual([true, false, false, false]);
});
