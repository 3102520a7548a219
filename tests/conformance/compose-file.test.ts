// docker-compose.yml, parsed as Compose reads it (YAML merge keys, ${VAR:?message} interpolation):
// the web server and the worker get one SIGNPOST_SECRET_KEY from the same setting (a .env file),
// which must be set - without it each container generated its own key and webhook deliveries
// failed - and containers serve on every interface.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";

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
});
