// src/providers.js: named state providers, saved and restored one by one, never failing the others.
import { afterEach, expect, test, vi } from "vitest";
import { Providers } from "../../src/providers.js";

afterEach(() => vi.restoreAllMocks());

test("register needs a name and both functions", () => {
  const providers = new Providers();
  expect(() => providers.register("", { save() {}, restore() {} })).toThrow(TypeError);
  expect(() => providers.register("x", { save() {} })).toThrow(TypeError);
  expect(() => providers.register("x", null)).toThrow(TypeError);
});

test("save collects each provider's value by name, leaving out undefined; names are strings", () => {
  const providers = new Providers();
  providers.register("drawer", { save: () => ({ open: true }), restore() {} });
  providers.register(7, { save: () => 0, restore() {} });
  providers.register("nothing", { save: () => undefined, restore() {} });
  expect(providers.save()).toStrictEqual({ drawer: { open: true }, 7: 0 }); // strict: no "nothing" key at all
  providers.unregister(7);
  expect(providers.save()).toEqual({ drawer: { open: true } });
});

test("a provider that throws is left out with a warning; the others still save and restore", () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  const providers = new Providers();
  const restored = [];
  providers.register("bad", { save: () => { throw new Error("boom"); }, restore: () => { throw new Error("boom"); } });
  providers.register("good", { save: () => 1, restore: (v) => restored.push(v) });
  expect(providers.save()).toEqual({ good: 1 });
  providers.restoreOne("bad", 1);
  providers.restoreOne("good", 2);
  expect(restored).toEqual([2]);
  expect(warn).toHaveBeenCalledTimes(2);
});

test("restoreOne skips unknown names and undefined values; the last registration of a name wins", () => {
  const providers = new Providers();
  const calls = [];
  providers.register("p", { save: () => 1, restore: (v) => calls.push("old" + v) });
  providers.register("p", { save: () => 2, restore: (v) => calls.push("new" + v) });
  providers.restoreOne("p", undefined);
  providers.restoreOne("q", 1);
  providers.restoreOne("p", null);
  expect(calls).toEqual(["newnull"]);
});
