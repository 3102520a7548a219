// The web server `signpost start` runs as its child process (lib/runtime/web-process.ts): Next.js's
// production server on the built app in the current directory, started as the server.js of Next's
// standalone output (the web image) starts it, with the built configuration
// (bin/built-next-config.mjs) instead of `next start`'s loading of next.config.ts.
//   node --import ./bin/v8-settings.mjs --import ./bin/peer-address.mjs bin/web-server.mjs HOST PORT
// (with WEB_NODE_FLAGS of lib/runtime/web-process.ts first: --max-semi-space-size=8)
import { createRequire } from "node:module";
import path from "node:path";
import { applyBuiltNextConfig } from "./built-next-config.mjs";
import { installDirectRoutes } from "./direct-routes.mjs";

const dir = process.cwd();
const [hostname, port] = process.argv.slice(2);
if (!hostname || !/^\d+$/.test(port ?? "")) {
  console.error("usage: node bin/web-server.mjs HOST PORT (in the directory of the built app)");
  process.exit(64);
}
process.env.NODE_ENV = "production";
let config;
try {
  config = applyBuiltNextConfig(dir);
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
// The hot catalog reads skip Next's request pipeline (bin/direct-routes.mjs): this process
// serves only Next's server.
installDirectRoutes(dir);
const require = createRequire(path.join(dir, "package.json"));
require("next");
const { startServer } = require("next/dist/server/lib/start-server");
await startServer({ dir, isDev: false, config, hostname, port: Number(port), allowRetry: false });
