// `signpost start` with bad configuration stops with one line naming the problem, before
// starting anything else.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSignpost } from "../helpers/signpost-process";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-cfg-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function expectOneLine(stderr: string, pattern: RegExp) {
  const lines = stderr.trim().split("\n").filter((l) => !l.startsWith("{"));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe.concurrent("signpost start with bad configuration", { timeout: 120_000 }, () => {
  it("names an unreachable DATABASE_URL without its password", async () => {
    const r = await runSignpost(["start"], {
      SIGNPOST_DATA_DIR: path.join(dir, "a"),
      DATABASE_URL: "postgresql://app:s3cret-pw@127.0.0.1:1/signpost",
      PORT: "0",
    });
    expect(r.code).not.toBe(0);
    expectOneLine(r.stderr, /^signpost: DATABASE_URL: cannot reach the database at 127\.0\.0\.1:1\/signpost: ECONNREFUSED/);
    expect(r.stderr).not.toContain("s3cret-pw");
  });

  it("names a malformed kubeconfig", async () => {
    const kc = path.join(dir, "broken.kubeconfig");
    fs.writeFileSync(kc, "apiVersion: v1\nclusters: [this is: not: yaml\n");
    const r = await runSignpost(["start"], { SIGNPOST_DATA_DIR: path.join(dir, "b"), KUBECONFIG: kc, PORT: "0" });
    expect(r.code).toBe(78);
    expectOneLine(r.stderr, new RegExp(`^signpost: configuration: KUBECONFIG: ${kc.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is not a valid kubeconfig`));
  });

  it("names a context that the kubeconfig does not have", async () => {
    const kc = path.join(dir, "one.kubeconfig");
    fs.writeFileSync(
      kc,
      "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: real, context: {cluster: c, user: u}}]\ncurrent-context: real\n",
    );
    const r = await runSignpost(["start"], { SIGNPOST_DATA_DIR: path.join(dir, "c"), KUBECONFIG: kc, SIGNPOST_KUBE_CONTEXTS: "prod", PORT: "0" });
    expect(r.code).toBe(78);
    expectOneLine(r.stderr, /^signpost: configuration: SIGNPOST_KUBE_CONTEXTS: context "prod" is not in KUBECONFIG \(available: real\)$/);
  });

  it("names a port that is in use and the setting to change", async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, "0.0.0.0", () => r()));
    const port = (srv.address() as net.AddressInfo).port;
    try {
      const r = await runSignpost(["start"], { SIGNPOST_DATA_DIR: path.join(dir, "d"), PORT: String(port) });
      expect(r.code).not.toBe(0);
      expectOneLine(r.stderr, new RegExp(`^signpost: port ${port} is already in use \\(PORT\\); stop what uses it or set PORT to another port$`));
    } finally {
      srv.close();
    }
  });

  it("names an invalid setting", async () => {
    const r = await runSignpost(["start"], { SIGNPOST_DATA_DIR: path.join(dir, "e"), PORT: "http" });
    expect(r.code).toBe(78);
    expectOneLine(r.stderr, /^signpost: configuration: PORT: /);
  });
});
