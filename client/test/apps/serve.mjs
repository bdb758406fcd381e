// What the Node app servers under test/apps/ share: their arguments, files served straight from the repo's client/
// and its node_modules (nothing is bundled or downloaded), and JSON answers for the tests' probes.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const CLIENT = new URL("../../", import.meta.url);

/** --port and --version (else PORT and APP_VERSION), plus the boolean flags a script names. */
export function appArgs(flags = []) {
  const options = { port: { type: "string" }, version: { type: "string" } };
  for (const flag of flags) options[flag] = { type: "boolean", default: false };
  const { values } = parseArgs({ options, strict: true });
  const port = Number(values.port ?? process.env.PORT);
  const version = Number(values.version ?? process.env.APP_VERSION);
  if (!Number.isInteger(port) || !Number.isInteger(version)) {
    console.error("usage: node " + process.argv[1] + " --port N --version K " + flags.map((f) => "[--" + f + "]").join(" "));
    process.exit(2);
  }
  return { ...values, port, version };
}

const TYPES = { js: "text/javascript", mjs: "text/javascript", html: "text/html; charset=utf-8" };

/** A file under client/ (the library itself, or a package in client/node_modules), by its path from there. */
export function sendClientFile(res, path) {
  const body = readFileSync(new URL(path, CLIENT));
  res.writeHead(200, { "content-type": TYPES[path.split(".").pop()] || "application/octet-stream",
    "cache-control": "no-store" });
  res.end(body);
}

export function sendHtml(res, html) {
  res.writeHead(200, { "content-type": TYPES.html, "cache-control": "no-store" });
  res.end(html);
}

export function sendJson(res, value) {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

export function notFound(res) {
  res.writeHead(404, { "content-type": "text/plain" });
  res.end("not found\n");
}

/** The app's copies of handoff.js, for a run without a sidecar (a sidecar answers /_handoff/ itself). */
export const LIBRARY = {
  "/_handoff/handoff.js": "handoff.js",
  "/_handoff/handoff.classic.js": "handoff.classic.js",
  "/_handoff/handoff-liveview.js": "handoff-liveview.js",
};

/** Logs the line the Java fixture (NodeApp) waits for, and stops cleanly on SIGTERM. */
export function listening(server, port, what) {
  server.listen(port, "127.0.0.1", () => console.log(what + " listening on 127.0.0.1:" + port));
  process.on("SIGTERM", () => process.exit(0));
}

export const esc = (s) => String(s ?? "").replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
