// A Socket.IO app for the browser tests: the real `socket.io` server (client/node_modules) serving a page that loads
// the real socket.io-client bundle the way docs/CLIENT.md wires it (the page's WebSocket replaced by Handoff's first).
//
//   node test/apps/socketio-server.mjs --port 8080 --version 7 [--forgetful]
//
// On every connection the server renders the form from its own state for that connection: the state handed off in
// socket.handshake.auth.handoff (joining the rooms the page's "rooms" provider kept), or, with --forgetful (an app
// that never reads what Handoff gives it), nothing at all: an empty form replacing the restored one. "field" events
// keep the server's copy of what is typed. GET /_app/state says what each connection received and holds.
import { createServer } from "node:http";
import { Server } from "socket.io";
import { appArgs, esc, LIBRARY, listening, notFound, sendClientFile, sendHtml, sendJson } from "./serve.mjs";

const { port, version, forgetful } = appArgs(["forgetful"]);

/** The form as the server renders it from its state (name, notes, plan, newsletter, size; secret never). */
function renderForm(values, from) {
  const v = values || {};
  const option = (value) => `<option value="${value}"${v.plan === value ? " selected" : ""}>${value}</option>`;
  const size = (value) => `<input type="radio" name="size" value="${value}"${v.size === value ? " checked" : ""}>`;
  return `<form id="profile" data-rendered-by="${version}" data-mounted-from="${esc(from)}" onsubmit="return false">
<input type="text" name="name" value="${esc(v.name)}">
<textarea name="notes">${esc(v.notes)}</textarea>
<select name="plan">${["free", "pro", "team"].map(option).join("")}</select>
<input type="checkbox" name="newsletter"${v.newsletter === true ? " checked" : ""}>
${["s", "m", "l"].map(size).join("")}
<input type="password" name="secret" value="">
</form>`;
}

const page = () => `<!doctype html>
<html><head><meta charset="utf-8"><meta name="handoff-version" content="${version}"><title>Socket.IO on Handoff</title></head>
<body>
<p>page <span id="page-version">${version}</span>, live on <span id="live-version"></span>: <span id="status">connecting</span></p>
<div id="view">${renderForm({}, "dead render")}</div>
<button id="drawer-toggle">drawer</button><div id="drawer" data-open="false"></div>
<button id="join-ops">join ops</button><ul id="announcements"></ul>
<script src="/_handoff/handoff.classic.js"></script>
<script>window.WebSocket = Handoff.WebSocket</script>
<script src="/socket.io/socket.io.js"></script>
<script>
const app = (window.app = { restores: [], refreshes: [], renders: [], disconnects: [], anomalies: [], engineCloses: [] });
const $ = (id) => document.getElementById(id);
let drawerOpen = false;
const rooms = new Set();
const showDrawer = () => { $("drawer").dataset.open = String(drawerOpen); };
Handoff.register("drawer", { save: () => ({ open: drawerOpen }), restore: (saved) => { drawerOpen = saved.open === true; showDrawer(); } });
Handoff.register("rooms", { save: () => ({ joined: [...rooms] }), restore: (saved) => { for (const r of saved.joined || []) rooms.add(r); } });
document.addEventListener("handoff:restored", (e) => app.restores.push(e.detail.source));
document.addEventListener("handoff:refresh", (e) => app.refreshes.push(e.detail.reason));

const socket = io({ transports: ["websocket"], auth: (cb) => cb({ handoff: Handoff.restoredState() }) });
app.socket = socket;
socket.on("connect", () => { $("status").textContent = "live"; });
socket.on("disconnect", (reason) => { app.disconnects.push(reason); $("status").textContent = "disconnected"; });
socket.on("render", ({ version, html }) => {
  $("view").innerHTML = html;
  $("live-version").textContent = version;
  app.renders.push(version);
});
socket.on("announce", (text) => { const li = document.createElement("li"); li.textContent = text; $("announcements").append(li); });
// Every packet Socket.IO's engine decodes: a control frame reaching it would be an "error" packet or carry U+0000.
socket.io.on("open", () => {
  const engine = socket.io.engine;
  engine.on("packet", (p) => {
    if (p.type === "error" || (typeof p.data === "string" && p.data.includes("\\u0000"))) app.anomalies.push(p);
  });
  engine.on("close", (reason) => app.engineCloses.push(reason));
});
const valueOf = (el) => el.type === "checkbox" ? el.checked : el.value;
for (const type of ["input", "change"]) {
  $("view").addEventListener(type, (e) => { if (e.target.name && e.target.name !== "secret") socket.emit("field", e.target.name, valueOf(e.target)); });
}
$("drawer-toggle").onclick = () => { drawerOpen = !drawerOpen; showDrawer(); Handoff.changed(); };
$("join-ops").onclick = () => { rooms.add("ops"); socket.emit("join", "ops"); Handoff.changed(); };
</script>
</body></html>`;

const connections = [];  // what each connection was given and holds
const anomalies = [];    // packets the engine could not make sense of
const engineCloses = [];

const http = createServer((req, res) => {
  const url = new URL(req.url, "http://app");
  if (url.pathname === "/") return sendHtml(res, page());
  if (LIBRARY[url.pathname]) return sendClientFile(res, LIBRARY[url.pathname]);
  if (url.pathname === "/_app/state") {
    const live = io.of("/").sockets;
    return sendJson(res, { version, forgetful, anomalies, engineCloses,
      connections: connections.map((c) => ({ ...c, rooms: live.has(c.id) ? [...live.get(c.id).rooms].filter((r) => r !== c.id) : null })) });
  }
  if (url.pathname === "/_app/announce") {
    io.to(url.searchParams.get("room")).emit("announce", url.searchParams.get("text"));
    return sendJson(res, { sent: true });
  }
  return notFound(res); // /socket.io/ (the client bundle and the engine) is the Socket.IO server's
});

const io = new Server(http, { transports: ["websocket"], serveClient: true });

io.engine.on("connection", (raw) => {
  raw.on("packet", (p) => {
    if (p.type === "error" || (typeof p.data === "string" && p.data.includes("\u0000"))) anomalies.push(p);
  });
  raw.on("close", (reason) => engineCloses.push(reason));
});

io.on("connection", (socket) => {
  const restored = socket.handshake.auth?.handoff ?? null;
  const header = socket.handshake.headers["handoff-state"];
  const record = {
    id: socket.id, version, auth: restored,
    header: header ? JSON.parse(Buffer.from(header, "base64url").toString("utf8")) : null,
    restoredFrom: socket.handshake.headers["handoff-restored-from"] ?? null,
    fields: {}, from: "nothing", disconnect: null,
  };
  connections.push(record);
  const values = {};
  if (forgetful) {
    record.from = "nothing (forgetful)";
  } else if (restored) {
    Object.assign(values, restored.fields?.profile);
    for (const room of restored.providers?.rooms?.joined ?? []) socket.join(room);
    record.from = "auth";
  }
  record.fields = { ...values };
  socket.emit("render", { version, html: renderForm(values, record.from) });
  socket.on("field", (name, value) => { values[name] = value; record.fields = { ...values }; });
  socket.on("join", (room) => socket.join(room));
  socket.on("disconnect", (reason) => { record.disconnect = reason; });
});

listening(http, port, "socket.io app v" + version);
