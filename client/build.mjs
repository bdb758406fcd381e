// Generates handoff.classic.js (a classic script that sets window.Handoff) from handoff.js, the ES module.
// No dependencies: the module keeps its exports below one marker line, the body above it is copied verbatim.
//   node client/build.mjs          write handoff.classic.js
//   node client/build.mjs --check  exit 1 when handoff.classic.js is not what this script would write
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const MARKER = "// ---- exports: build.mjs replaces everything from this line on for handoff.classic.js ----";
const HEADER = "// GENERATED from handoff.js by build.mjs: do not edit, run `node client/build.mjs`.\n"
  + "// Classic-script build of handoff.js: sets window.Handoff (kept if one is already there).\n"
  + "(function () {\n\"use strict\";\n";
const FOOTER = "if (!globalThis.Handoff) globalThis.Handoff = Handoff;\n})();\n";

export function classic(moduleSource) {
  const at = moduleSource.indexOf(MARKER);
  if (at < 0) throw new Error("handoff.js lost its exports marker line");
  const body = moduleSource.slice(0, at);
  if (/^\s*(export|import)\s/m.test(body)) throw new Error("handoff.js has import/export above the marker");
  return HEADER + body + FOOTER;
}

const source = readFileSync(join(here, "handoff.js"), "utf8");
const target = join(here, "handoff.classic.js");
const wanted = classic(source);
if (process.argv.includes("--check")) {
  let current = "";
  try { current = readFileSync(target, "utf8"); } catch { /* missing counts as stale */ }
  if (current !== wanted) {
    console.error("client/handoff.classic.js is stale: run `node client/build.mjs`");
    process.exit(1);
  }
} else {
  writeFileSync(target, wanted);
}
