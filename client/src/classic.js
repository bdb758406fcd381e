// The entry of the classic-script build: build.mjs bundles it (esbuild, IIFE) into client/handoff.classic.js,
// which sets window.Handoff (kept if one is already there).
import { Handoff } from "./api.js";

if (!globalThis.Handoff) globalThis.Handoff = Handoff;
