// The demo app's client: a tiny LiveView. It joins over /live, replaces the view with the server's render on every
// (re)join, and sends form changes, drawer toggles and counter increments as events. Handoff is optional: when
// /_handoff/handoff.js does not load, the app runs on the browser's own WebSocket.
const Handoff = await import("/_handoff/handoff.js").then((m) => m.default, () => null);

const view = document.getElementById("view");
const statusLine = document.getElementById("status");
const Socket = Handoff ? Handoff.WebSocket : WebSocket;
// For tests and the curious: how the page has lived so far.
const demo = (window.demo = { handoff: Boolean(Handoff), renders: 0, restores: [], closes: [] });

// /?forgetful: the server ignores the restored state, as an app that never reads it would.
const forgetful = new URLSearchParams(location.search).has("forgetful");
let socket = null;
let joined = false;
let failures = 0;

const drawer = () => document.getElementById("drawer");
const counter = () => document.getElementById("counter");

function showDrawer(open) {
  const el = drawer();
  if (!el) return;
  el.dataset.open = String(open);
  el.hidden = !open;
}

if (Handoff) {
  Handoff.register("drawer", { save: () => ({ open: drawer()?.dataset.open === "true" }),
    restore: (saved) => showDrawer(Boolean(saved && saved.open)) });
  Handoff.register("counter", { save: () => ({ count: Number(counter()?.textContent || 0) }),
    restore: (saved) => { if (counter()) counter().textContent = String(saved.count ?? 0); } });
  document.addEventListener("handoff:restored", (e) => demo.restores.push(e.detail.source));
}

function send(message) {
  if (joined && socket && socket.readyState === 1) socket.send(JSON.stringify(message));
}

function connect() {
  const ws = new Socket(new URL("/live", location.href).href.replace(/^http/, "ws"));
  socket = ws;
  demo.socket = ws;
  ws.onopen = () => {
    failures = 0;
    statusLine.textContent = "connected";
    // Like LiveView's connect params: the new server mounts from them when it has nothing better.
    ws.send(JSON.stringify({ type: "join", params: { handoff: Handoff ? Handoff.restoredState() : null, forgetful } }));
  };
  ws.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "render") {
      view.innerHTML = message.html; // a full re-render: every form element is new
      joined = true;
      demo.renders += 1;
      statusLine.textContent = "live";
    } else if (message.type === "patch") {
      patch(message.state);
    }
  };
  ws.onclose = (event) => {
    if (socket !== ws) return;
    joined = false;
    demo.closes.push(event.code);
    // 1012 after a hand-off is a move to another server, not an outage: reconnect at once (handoff.js paces it).
    const handedOff = event.code === 1012;
    statusLine.textContent = handedOff ? "moving to a new server…" : "disconnected, reconnecting…";
    setTimeout(connect, handedOff ? 0 : Math.min(5000, 100 * 2 ** failures++));
  };
}

function patch(state) {
  showDrawer(state.drawerOpen);
  if (counter()) counter().textContent = String(state.counter);
  const echo = document.getElementById("server-state");
  if (echo) echo.textContent = JSON.stringify(state);
  if (Handoff) Handoff.changed();
}

function onField(event) {
  const el = event.target;
  if (!(el instanceof Element) || !el.form || el.form.id !== "profile" || !el.name) return;
  if (el.type === "password") return; // secrets are never sent to the server
  if (el.type === "radio" && !el.checked) return;
  send({ type: "input", name: el.name, value: el.type === "checkbox" ? String(el.checked) : el.value });
}

document.addEventListener("input", onField);
document.addEventListener("change", onField);
document.addEventListener("submit", (event) => event.preventDefault());
document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target : null;
  if (target?.closest("#drawer-toggle")) send({ type: "drawer", open: drawer()?.dataset.open !== "true" });
  if (target?.closest("#increment")) send({ type: "increment" });
});

connect();
