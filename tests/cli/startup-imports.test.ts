// The client commands start fast because they never load the server's modules (Kubernetes
// client, Prisma, pg, Next.js) nor, for resolve, zod and yaml. Measured by tracing every module
// the command imports.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..", "..");
const SERVER = /node_modules\/(@kubernetes|@prisma|pg|pg-[a-z]+|next|@electric-sql)\/|\/lib\/(db|env|k8s|kong|sync|sandbox|runtime)[/.]/;

function imports(args: string[]): { urls: string[]; ms: number } {
  const started = performance.now();
  const r = spawnSync(process.execPath, ["--import", path.join(import.meta.dirname, "helpers", "trace-imports.mjs"), path.join(root, "bin", "signpost.mjs"), ...args], {
    encoding: "utf8",
    env: { ...process.env, SIGNPOST_URL: "http://127.0.0.1:9", SIGNPOST_TOKEN: "" },
  });
  const ms = performance.now() - started;
  const urls = r.stderr.split("\n").filter((l) => l.startsWith("[import] ")).map((l) => l.slice(9));
  expect(urls.length).toBeGreaterThan(0);
  return { urls, ms };
}

describe("client command start-up", () => {
  it("resolve loads no server module, no zod, no yaml", () => {
    const { urls } = imports(["resolve", "x"]);
    expect(urls.filter((u) => SERVER.test(u))).toEqual([]);
    expect(urls.filter((u) => /node_modules\/(zod|yaml)\//.test(u))).toEqual([]);
    expect(urls.some((u) => /\/cli\/commands\/resolve\.(ts|js)$/.test(u))).toBe(true);
  });

  it.each([["apply", "-f", "examples/signpost.yaml"], ["status"], ["watch", "--cache", "/nonexistent/cache.json"]])("%s loads no server module", (...args) => {
    const { urls } = imports(args);
    expect(urls.filter((u) => SERVER.test(u))).toEqual([]);
  });
});
