// The real phoenix + phoenix_live_view clients (npm) in jsdom, on handoff.js, against a stand-in sidecar and a
// LiveView server speaking Phoenix's channel protocol. What mount/3 receives is what LiveView put in phx_join.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { FakeSidecar, until } from "./fake-sidecar.js";
import { LiveViewApp, renderProfile } from "./liveview-app.js";

let sidecar;
let app;
let sockets = [];

beforeEach(async () => {
  sessionStorage.clear();
  app = new LiveViewApp();
  sidecar = await new FakeSidecar({ app, version: 1 }).start();
});

afterEach(async () => {
  for (const s of sockets) s.disconnect();
  sockets = [];
  await sidecar.stop();
});

/** A page load: the dead render of the pod at `version`, then the app's JS as docs/CLIENT.md shows it. */
async function loadPage(version, { viaAdapterOptions = false } = {}) {
  vi.resetModules();
  document.head.innerHTML = `<meta name="handoff-version" content="${version}">`;
  document.body.innerHTML = `<div id="phx-root" data-phx-main data-phx-session="SESSION" data-phx-static="">`
    + renderProfile({}, false, version) + `</div>`;
  // A bundled app.js imports handoff.js and calls connect() in the same task: nothing that handoff.js defers to a
  // later task (its own start) may run before the first join is built. Fake timers hold those tasks back.
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  const Handoff = (await import("../handoff.js")).default;
  const { HandoffHook, liveSocketOptions } = await import("../handoff-liveview.js");
  const { Socket } = await import("phoenix");
  const { LiveSocket } = await import("phoenix_live_view");
  const drawer = { open: false };
  Handoff.register("drawer", { save: () => ({ open: drawer.open }), restore: (saved) => { drawer.open = saved.open; } });
  const options = viaAdapterOptions
    ? liveSocketOptions({ params: { _csrf_token: "csrf" } })
    : { transport: Handoff.WebSocket, params: Handoff.connectParams({ _csrf_token: "csrf" }), hooks: { Handoff: HandoffHook } };
  if (process.env.LV_DEBUG) options.logger = (kind, msg, data) => console.log("PHX", kind, msg, JSON.stringify(data)?.slice(0, 150));
  const liveSocket = new LiveSocket(sidecar.url(), Socket, options);
  liveSocket.connect(); // synchronously after the imports, as an app.js does
  // Back to real time; what was deferred meanwhile is dropped (handoff.js's deferred start, LiveView's loader and
  // join timeouts): in a browser the first of those would run only after connect() had built the join anyway.
  vi.useRealTimers();
  sockets.push(liveSocket);
  return { Handoff, drawer, liveSocket };
}

const field = (name) => document.querySelector(`#profile [name="${name}"]`);

/** Types into the form the way LiveView hears it (input events), then one phx-change carries the whole form. */
function fillProfile() {
  field("profile[name]").value = "Ada";
  field("profile[bio]").value = "line one\nline two";
  field("profile[plan]").value = "pro";
  for (const o of field("profile[tags][]").options) o.selected = o.value === "a" || o.value === "c";
  document.querySelector('[name="profile[newsletter]"][type=checkbox]').checked = true;
  field("profile[terms]").checked = true;
  for (const box of document.querySelectorAll('[name="profile[colors][]"]')) box.checked = box.value !== "green";
  document.querySelector('[name="profile[size]"][value=m]').checked = true;
  field("profile[password]").value = "s3cret-password";
  field("profile[address][city]").value = "Paris";
  field("profile[name]").dispatchEvent(new Event("input", { bubbles: true }));
}

const EXPECTED = {
  profile: {
    name: "Ada", bio: "line one\nline two", plan: "pro", tags: ["a", "c"], newsletter: "true", terms: "on",
    colors: ["red", "blue"], size: "m", address: { city: "Paris" },
  },
};

/** What LiveView's phx-change sent, less what Handoff never keeps (the password) and LiveView's _unused_ marks. */
function keptPartOf(params) {
  if (Array.isArray(params) || typeof params !== "object" || params === null) return params;
  const out = {};
  for (const [k, v] of Object.entries(params)) {
    if (k.startsWith("_unused_") || k === "password") continue;
    out[k] = keptPartOf(v);
  }
  return out;
}

const joinAt = (version) => () => app.joins.find((j) => j.version === version);
const connected = () => document.querySelector("#phx-root.phx-connected");

/** Waits until LiveView has joined on the pod at `version` and applied its render. */
async function joinedAt(version) {
  const join = await until(joinAt(version), "join on version " + version);
  await until(() => connected() && document.querySelector(`#drawer[data-rendered-by='${version}']`),
    "render by version " + version);
  return join;
}

describe("LiveView, real client", () => {
  test("after a hand-off mount/3 gets each form's params exactly as its phx-change event sends them", async () => {
    const { drawer, Handoff } = await loadPage(1);
    await joinedAt(1);
    expect(app.joins[0].params._handoff).toBeUndefined();
    fillProfile();
    const change = await until(() => app.events.find((e) => e.event === "validate"), "phx-change");
    drawer.open = true;
    Handoff.changed();

    await sidecar.deploy(2);
    const join = await joinedAt(2);
    const restored = join.params._handoff;
    expect(restored.forms.profile).toEqual(EXPECTED);
    expect(restored.forms.profile).toEqual(keptPartOf(change.params)); // the same as LiveView's own encoding
    expect(restored.providers).toEqual({ drawer: { open: true } });
    expect(JSON.stringify(join.params)).not.toContain("s3cret-password");
    expect(restored.fields.profile["profile[name]"]).toBe("Ada"); // the field-level state stays for other apps
    // mount/3 as documented rebuilt the form: the new pod's render has the values (no re-typing, no hook needed).
    await until(() => document.querySelector("#drawer[data-rendered-by='2']"), "render by version 2");
    expect(document.querySelector("#drawer").dataset.open).toBe("true");
  });

  test("the URL params never carry the restored state", async () => {
    await loadPage(1, { viaAdapterOptions: true });
    await joinedAt(1);
    fillProfile();
    await until(() => app.events.length, "phx-change");
    await sidecar.deploy(2);
    await until(joinAt(2), "join on version 2");
    const urls = [...sidecar.conns].map((c) => c.req.url);
    expect(urls.join(" ")).not.toContain("_handoff");
    expect(urls.join(" ")).not.toContain("Ada");
  });

  test("after a refresh the first join carries _handoff, with the providers and the form", async () => {
    const { drawer, Handoff } = await loadPage(1);
    await joinedAt(1);
    fillProfile();
    await until(() => app.events.length, "phx-change");
    drawer.open = true;
    Handoff.changed();

    await sidecar.deploy(3); // outside the window of version 1: the page must reload
    await until(() => sidecar.log.find((m) => m.t === "refresh"), "refresh");
    await until(() => sessionStorage.getItem("handoff:refresh:/profile"), "refresh stash");
    for (const s of sockets) s.disconnect();
    sockets = [];

    // The reload: the dead render of version 3, the app's JS from the top, connect() in the same task.
    await loadPage(3);
    const join = await until(joinAt(3), "first join after the reload");
    expect(join.params._handoff).toBeDefined();
    expect(join.params._handoff.providers).toEqual({ drawer: { open: true } });
    expect(join.params._handoff.forms.profile).toEqual(EXPECTED);
    await until(() => document.querySelector("#drawer[data-rendered-by='3']"), "render by version 3");
    expect(document.querySelector("#drawer").dataset.open).toBe("true");
    expect(field("profile[name]").value).toBe("Ada");
  });

  test("a page living through three deploys is never reloaded and reports the version that rendered it", async () => {
    const { drawer, Handoff } = await loadPage(1);
    await joinedAt(1);
    fillProfile();
    await until(() => app.events.length, "phx-change");
    drawer.open = true;
    Handoff.changed();
    for (const next of [2, 3, 4]) {
      await sidecar.deploy(next);
      const join = await until(joinAt(next), "join on version " + next);
      expect(join.params._handoff?.forms?.profile).toEqual(EXPECTED);
      expect(join.params._handoff.providers).toEqual({ drawer: { open: true } });
    }
    expect(sidecar.log.filter((m) => m.t === "refresh")).toEqual([]);
    expect(sidecar.drainAnswers.map((a) => a.pageVersion)).toEqual([1, 2, 3]);
    expect(document.querySelector("meta[name=handoff-version]").content).toBe("1"); // the layout never changes
  });

  test("after the pod is killed the local copy reaches mount/3 the same way", async () => {
    await loadPage(1);
    await joinedAt(1);
    fillProfile();
    await until(() => app.events.length, "phx-change");
    sidecar.kill(1);
    const join = await until(() => app.joins[1], "rejoin after the kill");
    expect(join.params._handoff?.forms?.profile).toEqual(EXPECTED);
  });
});
