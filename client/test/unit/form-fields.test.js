// src/form-fields.js: which fields are kept, and their values read and written the way a user would.
import { beforeEach, describe, expect, test } from "vitest";
import { FormFields, fieldKey } from "../../src/form-fields.js";

const fields = new FormFields();
const $ = (selector) => document.querySelector(selector);

beforeEach(() => {
  document.body.innerHTML = `
    <form id="profile">
      <input name="name" value="Ada">
      <textarea name="bio">line one</textarea>
      <select name="plan"><option value="free">Free</option><option value="pro" selected>Pro</option></select>
      <select name="tags" multiple><option value="a" selected>a</option><option value="b">b</option>
        <option value="c" selected>c</option></select>
      <input type="checkbox" name="newsletter">
      <input type="checkbox" name="topics" value="x" checked><input type="checkbox" name="topics" value="y">
      <input type="radio" name="size" value="s"><input type="radio" name="size" value="m" checked>
      <input type="radio" name="color" value="red">
      <input type="password" name="password" value="secret">
      <input type="hidden" name="_csrf" value="t">
      <input type="file" name="avatar">
      <input type="submit" name="go" value="Go">
      <input name="card" autocomplete="cc-number" value="4111">
      <input name="otp" autocomplete="one-time-code" value="123456">
      <div data-handoff-ignore><input name="ignored" value="no"></div>
      <input value="unnamed">
    </form>
    <form name="search"><input name="q" value="cats"></form>
    <form><input name="anon" value="1"></form>
    <input name="loose" value="outside">`;
});

describe("capture", () => {
  test("every kept field by form key (id, name, index, _ outside forms) and name, as its kind reads", () => {
    expect(fields.capture(document)).toEqual({
      profile: {
        name: "Ada", bio: "line one", plan: "pro", tags: ["a", "c"], newsletter: false, topics: ["x"], size: "m",
        color: null,
      },
      search: { q: "cats" },
      form2: { anon: "1" },
      _: { loose: "outside" },
    });
  });

  test("passwords, hidden, file, buttons, secret autocomplete and data-handoff-ignore are never read", () => {
    for (const name of ["password", "_csrf", "avatar", "go", "card", "otp", "ignored"]) {
      expect(fields.eligible($(`[name="${name}"]`))).toBe(false);
    }
    expect(fields.eligible($("[name=name]"))).toBe(true);
  });

  test("what the user typed is what is captured", () => {
    $("[name=name]").value = "Grace";
    $("[name=newsletter]").checked = true;
    $("[name=size][value=s]").checked = true;
    expect(fields.capture(document).profile).toMatchObject({ name: "Grace", newsletter: true, size: "s" });
  });
});

describe("apply", () => {
  const saved = {
    profile: { name: "Grace", bio: "two", plan: "free", tags: ["b"], newsletter: true, topics: ["y"], size: "s",
      missing: "x" },
    nowhere: { q: "dogs" },
  };

  test("writes into existing fields only and returns the keys whose value changed", () => {
    const changed = fields.apply(document, saved);
    expect(fields.capture(document).profile).toEqual({ name: "Grace", bio: "two", plan: "free", tags: ["b"],
      newsletter: true, topics: ["y"], size: "s", color: null });
    expect(changed).toEqual(["name", "bio", "plan", "tags", "newsletter", "topics", "size"]
      .map((name) => fieldKey("profile", name)));
    expect($("[name=missing]")).toBeNull();
    expect(fields.apply(document, saved)).toEqual([]);
  });

  test("input and change are dispatched, bubbling, on each touched element", () => {
    const seen = [];
    document.addEventListener("input", (e) => seen.push("input:" + e.target.name + ":" + e.bubbles));
    document.addEventListener("change", (e) => seen.push("change:" + e.target.name));
    fields.apply(document, { profile: { name: "Grace", bio: "line one" } });
    expect(seen).toEqual(["input:name:true", "change:name"]);
  });

  test("a select keeps its value when the saved one is no longer an option; null leaves a text field alone", () => {
    fields.apply(document, { profile: { plan: "enterprise", name: null } });
    expect($("[name=plan]").value).toBe("pro");
    expect($("[name=name]").value).toBe("Ada");
  });

  test("accept filters by form key and name", () => {
    fields.apply(document, saved, (key, name) => name === "bio");
    expect($("[name=bio]").value).toBe("two");
    expect($("[name=name]").value).toBe("Ada");
  });

  test("a single checkbox takes true or \"true\"; a radio group unchecks the others", () => {
    fields.apply(document, { profile: { newsletter: "true", size: null } });
    expect($("[name=newsletter]").checked).toBe(true);
    expect(document.querySelectorAll("[name=size]:checked")).toHaveLength(0);
  });

  test("secret fields are never written", () => {
    fields.apply(document, { profile: { password: "x", _csrf: "y" } });
    expect($("[name=password]").value).toBe("secret");
    expect($("[name=_csrf]").value).toBe("t");
  });
});

describe("params", () => {
  test("a form's params as it submits them: unchecked boxes left out, brackets nested, lists for []", () => {
    document.body.innerHTML = `<form id="f">
      <input name="user[name]" value="Ada">
      <input type="checkbox" name="user[terms]" checked><input type="checkbox" name="user[spam]" value="yes">
      <select name="user[tags][]" multiple><option selected>a</option><option>b</option><option selected>c</option>
      </select>
      <input name="user[links][][url]" value="u1"><input name="user[links][][url]" value="u2">
      <input name="off" value="x" disabled><input type="password" name="user[password]" value="p">
      <input name="odd]" value="kept whole">
    </form>`;
    expect(fields.params($("#f"))).toEqual({
      user: { name: "Ada", terms: "on", tags: ["a", "c"], links: [{ url: "u1" }, { url: "u2" }] },
      "odd]": "kept whole",
    });
  });

  test("keyOfForm: id, else name, else the form's index", () => {
    expect(Array.from(document.forms, (f) => fields.keyOfForm(f))).toEqual(["profile", "search", "form2"]);
  });
});
