// A LiveView app for the browser tests: test/liveview-app.js (the server side of LiveView: Phoenix channels, V2
// serializer, join → render of mount/3, form events) over `ws` at /live/websocket, and a page that loads the real
// phoenix and phoenix_live_view ES bundles from client/node_modules, wired as docs/CLIENT.md shows.
//
//   node test/apps/liveview-server.mjs --port 8080 --version 7 [--forgetful]
//
// mount/3 reads _handoff.forms.profile.profile and _handoff.providers.drawer (--forgetful: ignores _handoff);
// handle_event("validate") re-renders the form from its params. GET /_app/joins lists every join with the params
// LiveView sent (what get_connect_params/1 returns in mount/3), the form events, and each upgrade's Handoff headers.
import { createServer } from "node:http";
import { WebSocketServer } from "ws";
import { LiveViewApp, renderProfile } from "../liveview-app.js";
import { appArgs, LIBRARY, listening, notFound, sendClientFile, sendHtml, sendJson } from "./serve.mjs";

const { port, version, forgetful } = appArgs(["forgetful"]);
const app = new LiveViewApp({ forgetful, rerender: true });
const upgrades = []; // {version, restoredFrom, state} of each socket

const ASSETS = {
  "/assets/phoenix.mjs": "node_modules/phoenix/priv/static/phoenix.mjs",
  "/assets/phoenix_live_view.esm.js": "node_modules/phoenix_live_view/priv/static/phoenix_live_view.esm.js",
};

// The dead render, then app.js as docs/CLIENT.md's worked example has it. Page loads and version refreshes are
// counted in sessionStorage (they survive the reload); window.app is what this page load saw.
const page = () => `<!doctype html>
<html><head><meta charset="utf-8"><meta name="handoff-version" content="${version}"><meta name="csrf-token" content="csrf-token-${version}">
<title>LiveView on Handoff</title>
<script type="module">
import { Socket } from "/assets/phoenix.mjs";
import { LiveSocket } from "/assets/phoenix_live_view.esm.js";
import Handoff from "/_handoff/handoff.js";
import { HandoffHook } from "/_handoff/handoff-liveview.js";

const loads = Number(sessionStorage.getItem("test:loads") || 0) + 1;
sessionStorage.setItem("test:loads", String(loads));
const app = (window.app = { loads, restores: [], handoffs: 0, drawer: { open: false }, Handoff });
document.addEventListener("handoff:restored", (e) => app.restores.push(e.detail.source));
document.addEventListener("handoff:handoff", () => { app.handoffs += 1; });
document.addEventListener("handoff:refresh", (e) => {
  const reasons = JSON.parse(sessionStorage.getItem("test:refreshes") || "[]");
  sessionStorage.setItem("test:refreshes", JSON.stringify([...reasons, e.detail.reason]));
});
Handoff.register("drawer", { save: () => ({ open: app.drawer.open }), restore: (saved) => { app.drawer.open = saved.open === true; } });
app.openDrawer = () => { app.drawer.open = true; Handoff.changed(); };

const csrfToken = document.querySelector("meta[name='csrf-token']").getAttribute("content");
const liveSocket = new LiveSocket("/live", Socket, {
  transport: Handoff.WebSocket,
  params: Handoff.connectParams({ _csrf_token: csrfToken }),
  hooks: { Handoff: HandoffHook },
});
liveSocket.connect();
app.liveSocket = liveSocket;
</script></head>
<body><div id="phx-root" data-phx-main data-phx-session="SESSION" data-phx-static="">${renderProfile({}, false, version)}</div></body></html>`;

const http = createServer((req, res) => {
  const url = new URL(req.url, "http://app");
  if (url.pathname === "/") return sendHtml(res, page());
  if (ASSETS[url.pathname]) return sendClientFile(res, ASSETS[url.pathname]);
  if (LIBRARY[url.pathname]) return sendClientFile(res, LIBRARY[url.pathname]);
  if (url.pathname === "/_app/joins") return sendJson(res, { version, joins: app.joins, events: app.events, upgrades });
  return notFound(res);
});

const wss = new WebSocketServer({ noServer: true });
http.on("upgrade", (req, socket, head) => {
  if (new URL(req.url, "http://app").pathname !== "/live/websocket") return socket.destroy();
  wss.handleUpgrade(req, socket, head, (ws) => {
    const header = req.headers["handoff-state"];
    upgrades.push({ version, restoredFrom: req.headers["handoff-restored-from"] ?? null,
      state: header ? JSON.parse(Buffer.from(header, "base64url").toString("utf8")) : null });
    const conn = { version, send: (data) => ws.send(data) };
    app.open(conn);
    ws.on("message", (data) => app.message(conn, data.toString()));
    ws.on("close", () => app.close(conn));
  });
});

listening(http, port, "liveview app v" + version);
