// The web server child gets Signpost's V8 settings before Next.js loads, like bin/signpost.mjs,
// which imports them before anything else. (What the web server itself does is tested over HTTP:
// tests/system, tests/http.)
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { expect, it } from "vitest";
import { PEER_ADDRESS, V8_SETTINGS, WEB_NODE_FLAGS, WEB_SERVER, webServerArgs } from "./web-process";

it("starts the web server with its heap flags, the V8 settings and the peer address recorder", () => {
  const args = webServerArgs("127.0.0.1", 3000);
  expect(args).toEqual([...WEB_NODE_FLAGS, "--import", pathToFileURL(V8_SETTINGS).href, "--import", pathToFileURL(PEER_ADDRESS).href, WEB_SERVER, "127.0.0.1", "3000"]);
  for (const f of [V8_SETTINGS, PEER_ADDRESS, WEB_SERVER]) expect(fs.existsSync(f), f).toBe(true);
});

it("applies the V8 settings first in the signpost command", () => {
  const bin = fs.readFileSync(path.join(path.dirname(V8_SETTINGS), "signpost.mjs"), "utf8");
  expect(/^import .*$/m.exec(bin)![0]).toBe('import "./v8-settings.mjs";');
  expect(fs.readFileSync(V8_SETTINGS, "utf8")).toMatch(/^v8\.setFlagsFromString\("--liftoff-only"\);$/m);
});

it("gives the web image's server the same heap flags as `signpost start` gives its web server", () => {
  const dockerfile = fs.readFileSync(path.join(path.dirname(V8_SETTINGS), "..", "Dockerfile"), "utf8");
  const cmd = /^CMD \["node", (.*)\]$/m.exec(dockerfile.slice(dockerfile.indexOf("AS web")))?.[1];
  expect(cmd).toBeDefined();
  // every node flag before the first --import, no more and no fewer
  const args = JSON.parse(`[${cmd}]`) as string[];
  expect(args.indexOf("--import")).toBeGreaterThanOrEqual(0);
  expect(args.slice(0, args.indexOf("--import"))).toEqual(WEB_NODE_FLAGS);
});
