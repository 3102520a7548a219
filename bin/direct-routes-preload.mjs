// Preloaded into the web image's Next.js standalone server (node --import): the catalog's hot
// reads without Next's request pipeline, as bin/web-server.mjs serves them (bin/direct-routes.mjs).
import { installDirectRoutes } from "./direct-routes.mjs";

installDirectRoutes(process.cwd());
