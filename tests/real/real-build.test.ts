// `npm run real:build` (scripts/real-build.mjs): with the pins unchanged it rebuilds nothing, and a
// failing step names the component, its module and the step instead of a bare stack trace.
import { execFile } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SCRIPT = path.resolve(import.meta.dirname, "../../scripts/real-build.mjs");

function build(env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => execFile(process.execPath, [SCRIPT], { env, timeout: 300_000 },
    (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout, err: stderr })));
}

describe("real:build", () => {
  it("leaves built binaries alone while their pins are unchanged", async () => {
    const r = await build(process.env);
    expect(r.code).toBe(0);
    for (const c of ["etcd v3.6.16", "kube-apiserver v1.35.4", "openapi-pb v0.7.0", "kic v3.5.11", "gateway-api CRDs v1.4.1", "KIC CRDs v1.5.2"]) expect(r.out).toContain(`[real:build] ${c}: up to date`);
  });

  it("names the component, the module and the step that failed", async () => {
    const r = await build({ ...process.env, PATH: "/nonexistent" });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^real:build: etcd \(go\.etcd\.io\/etcd\/server\/v3\): step "go mod download" failed \(spawnSync go ENOENT\)/);
  });
});
