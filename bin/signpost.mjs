#!/usr/bin/env node
// The `signpost` command. Runs the compiled JavaScript in dist/ (scripts/compile.mjs, run by
// `npm install` and `npm run build`) when it is current: no tsx, no dev dependency loaded. In a
// checkout whose sources changed since (or without dist/), the TypeScript sources run through
// tsx, a dev dependency. NODE_ENV=production always runs dist/.
import "./v8-settings.mjs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { distIsCurrent } from "./dist-current.mjs";

const root = path.resolve(import.meta.dirname, "..");
const compiled = path.join(root, "dist", "cli", "main.js");

if (process.env.SIGNPOST_FROM_SOURCE !== "1" && distIsCurrent(root)) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../cli/main.ts");
}
