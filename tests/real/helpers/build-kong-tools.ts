// Builds (or finds up to date) the Kong-side real tools: tools/real/build-kong-tools.sh, which
// rebuilds only when a wrapper module's pins changed. A failed build fails with its log tail.
import { spawnSync } from "node:child_process";
import path from "node:path";

const SCRIPT = path.resolve(import.meta.dirname, "../../../tools/real/build-kong-tools.sh");

/** Runs the build script; throws with the last lines of its output when it fails. */
export function buildKongTools(): void {
  const r = spawnSync("bash", [SCRIPT], { encoding: "utf8", timeout: 30 * 60_000 });
  if (r.status !== 0) {
    const tail = `${r.stdout ?? ""}${r.stderr ?? ""}`.split("\n").slice(-30).join("\n");
    throw new Error(`tools/real/build-kong-tools.sh failed (exit ${r.status ?? r.signal}):\n${tail}`);
  }
}
