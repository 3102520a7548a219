// docker-compose.yml, parsed as Compose reads it (YAML merge keys, ${VAR:?message} interpolation):
// the web server and the worker get one SIGNPOST_SECRET_KEY from the same setting (a .env file),
// which must be set - without it each container generated its own key and webhook deliveries
// failed - and containers serve on every interface.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { WORKER_MALLOC_ENV } from "../../lib/runtime/malloc-arenas";

const ROOT = path.resolve(import.meta.dirname, "../..");
type Service = { environment?: Record<string, string>; volumes?: string[]; build?: { target?: string } };
const compose = YAML.parse(fs.readFileSync(path.join(ROOT, "docker-compose.yml"), "utf8"), { merge: true }) as { services: Record<string, Service> };

/** Compose's ${NAME:?message} and ${NAME:-default} against `env`; throws the message when required and unset. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_, name: string, op?: string, arg?: string) => {
    if (env[name]) return env[name];
    if (op === "?") throw new Error(`${name}: ${arg}`);
    return op === "-" ? (arg ?? "") : "";
  });
}

describe("docker-compose.yml", () => {
  const web = compose.services.web;
  const worker = compose.services.worker;

  it("gives web and worker the same SIGNPOST_SECRET_KEY from one setting", () => {
    expect([web.build?.target, worker.build?.target]).toEqual(["web", "worker"]);
    const env = { SIGNPOST_ADMIN_TOKEN: "a".repeat(24), SIGNPOST_SECRET_KEY: "c2lnbnBvc3Qtc2lnbnBvc3Qtc2lnbnBvc3Qtc2lnbnA=" };
    const key = (s: Service) => interpolate(s.environment!.SIGNPOST_SECRET_KEY, env);
    expect(key(web)).toBe(env.SIGNPOST_SECRET_KEY);
    expect(key(worker)).toBe(key(web));
    // and the rest of the shared settings as well
    expect(Object.fromEntries(Object.entries(worker.environment!).filter(([k]) => k in web.environment!))).toEqual(web.environment);
  });

  it("refuses to start without the key, naming it, instead of each container generating its own", () => {
    expect(() => interpolate(web.environment!.SIGNPOST_SECRET_KEY, { SIGNPOST_ADMIN_TOKEN: "a".repeat(24) })).toThrow(/^SIGNPOST_SECRET_KEY: set SIGNPOST_SECRET_KEY in \.env/);
  });

  it("documents how to make the .env file, and the images serve on every interface", () => {
    const text = fs.readFileSync(path.join(ROOT, "docker-compose.yml"), "utf8");
    expect(text).toContain("SIGNPOST_SECRET_KEY=%s");
    expect(text).toContain("openssl rand -base64 32");
    const dockerfile = fs.readFileSync(path.join(ROOT, "Dockerfile"), "utf8");
    for (const stage of ["web", "worker"]) {
      const body = dockerfile.split(/^FROM /m).find((s) => new RegExp(`AS ${stage}\\n`).test(s))!;
      expect(body, stage).toMatch(/^ENV .*\bHOST=0\.0\.0\.0\b/m);
    }
  });

  it("builds both images on Node.js 22 LTS; the worker carries production dependencies and compiled code only, with a HEALTHCHECK", () => {
    const dockerfile = fs.readFileSync(path.join(ROOT, "Dockerfile"), "utf8");
    const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(froms.filter((f) => f.startsWith("node:"))).toEqual(froms.filter((f) => f.startsWith("node:22-")));
    expect(froms.some((f) => f.startsWith("node:"))).toBe(true);
    const stage = (name: string) => dockerfile.split(/^FROM /m).find((s) => new RegExp(`AS ${name}\\n`).test(s))!;
    expect(stage("prod-deps")).toMatch(/^RUN npm ci --omit=dev --ignore-scripts/m);
    const worker = stage("worker");
    expect(worker).toMatch(/^COPY --from=prod-deps \S* ?\/app\/node_modules \.\/node_modules$/m);
    expect(worker).not.toMatch(/^COPY (--chown=\S+ )?\. /m);
    expect(worker).toMatch(/^COPY --from=build \S* ?\/app\/dist \.\/dist$/m);
    expect(worker).toMatch(/^ENV .*\bNODE_ENV=production\b/m);
    expect(worker).toMatch(/^HEALTHCHECK .*\/healthz/m);
    expect(stage("web")).toMatch(/^HEALTHCHECK .*\/api\/health/m);
  });

  it("runs the web server with Signpost's V8 settings, as signpost start does (the worker gets them from bin/signpost.mjs)", () => {
    const dockerfile = fs.readFileSync(path.join(ROOT, "Dockerfile"), "utf8");
    const web = dockerfile.split(/^FROM /m).find((s) => /AS web\n/.test(s))!;
    expect(web).toMatch(/^COPY --from=build \S* ?\/app\/bin\/v8-settings\.mjs \.\/v8-settings\.mjs$/m);
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(web)![1]) as string[];
    expect(cmd.indexOf("./v8-settings.mjs")).toBeGreaterThan(0);
    expect(cmd[cmd.indexOf("./v8-settings.mjs") - 1]).toBe("--import");
    expect(cmd.indexOf("./v8-settings.mjs")).toBeLessThan(cmd.indexOf("server.js"));
  });

  it("runs both images with two malloc arenas, as signpost start runs its web server", () => {
    const dockerfile = fs.readFileSync(path.join(ROOT, "Dockerfile"), "utf8");
    for (const name of ["web", "worker"]) {
      const stage = dockerfile.split(/^FROM /m).find((s) => new RegExp(`AS ${name}\\n`).test(s))!;
      expect(stage, name).toMatch(/^ENV .*\bMALLOC_ARENA_MAX=2\b/m);
    }
    // the worker's fixed threshold for mapped blocks, as the benchmark measured it
    const worker = dockerfile.split(/^FROM /m).find((s) => /AS worker\n/.test(s))!;
    const env = Object.fromEntries([.../^ENV (.*)$/m.exec(worker)![1].matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]]));
    for (const [k, v] of Object.entries(WORKER_MALLOC_ENV)) expect(env[k], k).toBe(v);
  });

  it("copies into the web image every preload its CMD names and every module those import, and serves the hot reads directly", () => {
    const dockerfile = fs.readFileSync(path.join(ROOT, "Dockerfile"), "utf8");
    const web = dockerfile.split(/^FROM /m).find((s) => /AS web\n/.test(s))!;
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(web)![1]) as string[];
    const preloads = cmd.flatMap((a, i) => (cmd[i - 1] === "--import" ? [a] : []));
    expect(preloads).toContain("./direct-routes-preload.mjs");
    const copied = new Set([...web.matchAll(/^COPY --from=build \S* ?\/app\/bin\/(\S+\.mjs) \.\/(\S+\.mjs)$/gm)].filter((m) => m[1] === m[2]).map((m) => `./${m[1]}`));
    // what a preload imports relatively must be in the image too
    const needed = new Set<string>();
    const visit = (file: string) => {
      if (needed.has(file)) return;
      needed.add(file);
      const text = fs.readFileSync(path.join(ROOT, "bin", file), "utf8");
      for (const m of text.matchAll(/^import .* from "(\.\/[^"]+\.mjs)";$/gm)) visit(m[1]);
    };
    for (const p of preloads) visit(p);
    expect([...needed].filter((f) => !copied.has(f))).toEqual([]);
    expect(needed.has("./direct-routes.mjs")).toBe(true);
  });
});
