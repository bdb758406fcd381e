// A stand-in for the Java sidecar in front of an app, speaking protocol v1 (docs/PROTOCOL.md) on loopback with the
// `ws` package: hello (restored / refresh), drain → state → handoff → close 1012, checkpoints, a version window.
// "Deploying" drains every socket and makes new connections land on the next version, like a rolling deploy
// behind a Service. The app behind it is a callback (in-process) so tests see exactly what it receives.
import { WebSocketServer } from "ws";
import { randomBytes } from "node:crypto";

const CONTROL = "\u0000";

export class FakeSidecar {
  /** app: {open(conn, {version, restored, header}), message(conn, data, isBinary), close(conn)} */
  constructor({ app, version = 1, window = 1, appName = "demo" }) {
    this.app = app;
    this.version = version;
    this.window = window;
    this.appName = appName;
    this.store = new Map();      // token → {version, pageVersion, state}
    this.conns = new Set();
    this.log = [];               // {t, version, ...} of what the sidecar said
    this.drainAnswers = [];      // {version, pageVersion, state} received on drains
  }

  async start() {
    this.wss = new WebSocketServer({
      port: 0, host: "127.0.0.1",
      handleProtocols: (offered) => {
        const app = [...offered].find((p) => !p.startsWith("handoff."));
        return app || (offered.has("handoff.v1") ? "handoff.v1" : false);
      },
    });
    this.wss.on("connection", (ws, req) => this.accept(ws, req));
    await new Promise((resolve) => this.wss.on("listening", resolve));
    this.port = this.wss.address().port;
    return this;
  }

  url(path = "/live") {
    return "ws://127.0.0.1:" + this.port + path;
  }

  accept(ws, req) {
    const offered = String(req.headers["sec-websocket-protocol"] || "").split(",").map((s) => s.trim());
    const optIn = offered.includes("handoff.v1");
    const token = (offered.find((p) => p.startsWith("handoff.token.")) || "").slice("handoff.token.".length);
    const conn = { ws, version: this.version, optIn, checkpoint: null, pendingState: null, req };
    conn.send = (data) => ws.send(data);
    this.conns.add(conn);
    ws.on("close", () => { this.conns.delete(conn); this.app.close?.(conn); });
    let restored = null;
    if (optIn) {
      let hello = { t: "hello", app: this.appName, version: this.version };
      if (token) {
        const snap = this.store.get(token);
        this.store.delete(token);
        if (!snap) {
          hello.restore = "expired";
        } else if (!this.inWindow(snap.version) || (snap.pageVersion != null && !this.inWindow(snap.pageVersion))) {
          this.say(conn, { t: "refresh", reason: "version" }, snap);
          return;
        } else {
          restored = snap;
          hello.restored = { fromVersion: snap.version, state: snap.state };
        }
      }
      this.say(conn, hello, restored);
    }
    ws.on("message", (data, isBinary) => {
      const text = isBinary ? null : data.toString();
      if (optIn && text !== null && text.charCodeAt(0) === 0) return this.control(conn, JSON.parse(text.slice(1)));
      this.app.message(conn, isBinary ? data : text, isBinary);
    });
    this.app.open(conn, { version: this.version, restored: restored && restored.state,
      header: restored ? Buffer.from(JSON.stringify(restored.state)).toString("base64url") : null });
  }

  inWindow(v) {
    return this.version - this.window <= v && v <= this.version;
  }

  say(conn, message, snap) {
    this.log.push({ ...message, podVersion: conn.version, snap });
    conn.ws.send(CONTROL + JSON.stringify(message));
  }

  control(conn, message) {
    if (message.t === "checkpoint") conn.checkpoint = message;
    if (message.t === "state") {
      conn.checkpoint = message;
      if (conn.pendingState) conn.pendingState(message);
    }
  }

  /** Drains every opted-in socket (answer or last checkpoint), then new connections get `nextVersion`. */
  async deploy(nextVersion = this.version + 1) {
    const draining = [...this.conns];
    this.version = nextVersion;
    await Promise.all(draining.map((conn) => this.drain(conn)));
  }

  async drain(conn) {
    if (!conn.optIn) {
      conn.ws.close(1012);
      return;
    }
    const answer = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(conn.checkpoint), 2000);
      conn.pendingState = (m) => { clearTimeout(timer); resolve(m); };
      this.say(conn, { t: "drain", deadlineMs: 2000 });
    });
    if (answer) {
      const token = randomBytes(32).toString("base64url");
      this.store.set(token, { version: conn.version, pageVersion: answer.pageVersion ?? null, state: answer.state });
      this.drainAnswers.push({ version: conn.version, pageVersion: answer.pageVersion, state: answer.state });
      this.say(conn, { t: "handoff", token, reconnectAfterMs: 0, ttlMs: 60000 });
    }
    conn.ws.close(1012);
  }

  /** The pod dies without a drain (SIGKILL): sockets drop, new connections land on `nextVersion`. */
  kill(nextVersion = this.version) {
    this.version = nextVersion;
    for (const conn of this.conns) conn.ws.terminate();
  }

  async stop() {
    for (const conn of this.conns) conn.ws.terminate();
    await new Promise((resolve) => this.wss.close(resolve));
  }
}

export function until(predicate, what = "condition", ms = 8000) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      let value;
      try { value = predicate(); } catch (e) { value = undefined; }
      if (value) return resolve(value);
      if (Date.now() - started > ms) return reject(new Error("timed out waiting for " + what));
      setTimeout(tick, 10);
    };
    tick();
  });
}
