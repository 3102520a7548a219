// Setup file of `npm run test:real`: every test fails at once, with the log tail, once a process of
// the shared control plane has died (instead of waiting for its own timeouts).
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, inject } from "vitest";

function assertAlive(): void {
  const marker = path.join(inject("realControlPlane").dataDir, "died");
  if (fs.existsSync(marker)) throw new Error(`real control plane: ${fs.readFileSync(marker, "utf8")}`);
}

beforeEach(assertAlive);
afterEach(assertAlive);
