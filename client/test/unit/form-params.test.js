// src/form-params.js: entry lists decoded into nested params the way Plug.Conn.Query.decode does.
import { expect, test } from "vitest";
import { decodeParams } from "../../src/form-params.js";

test("plain names; a repeated one keeps the last value", () => {
  expect(decodeParams([["a", "1"], ["b", "2"], ["a", "3"]])).toEqual({ a: "3", b: "2" });
});

test("brackets nest maps; [] appends to a list", () => {
  expect(decodeParams([["u[name]", "Ada"], ["u[addr][city]", "Paris"], ["u[tags][]", "x"], ["u[tags][]", "y"]]))
    .toEqual({ u: { name: "Ada", addr: { city: "Paris" }, tags: ["x", "y"] } });
});

test("[][key] starts a new map in the list when the last one already has key", () => {
  expect(decodeParams([["l[][a]", "1"], ["l[][b]", "2"], ["l[][a]", "3"]])).toEqual({ l: [{ a: "1", b: "2" }, { a: "3" }] });
});

test("names not bracketed all the way, or starting with a bracket, are kept whole", () => {
  expect(decodeParams([["a[b", "1"], ["[x]", "2"], ["c[d]e", "3"]])).toEqual({ "a[b": "1", "[x]": "2", "c[d]e": "3" });
});

test("a later nested name replaces a plain value", () => {
  expect(decodeParams([["a", "1"], ["a[b]", "2"]])).toEqual({ a: { b: "2" } });
});
