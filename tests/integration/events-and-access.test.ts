// Change events over SSE (a kubectl-made change within 2 s; resume without loss or repeat),
// the blocking resolve, and access control (401, 403, revocation at once, audit, no secrets in logs).
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, startSignpostStack, type Stack } from "../helpers/stack";
import { configureLogger } from "../../lib/log";
import { GET as events } from "../../app/api/v1/events/route";
import { GET as resolve } from "../../app/api/v1/resolve/[name]/route";
import { POST as createToken } from "../../app/api/v1/tokens/route";
import { DELETE as revokeToken } from "../../app/api/v1/tokens/[id]/route";
import { POST as register } from "../../app/api/v1/apis/route";
import { GET as audit } from "../../app/api/v1/audit/route";
import { GET as listApis } from "../../app/api/v1/apis/route";

const run = promisify(execFile);
let stack: Stack;
const logs: string[] = [];

function kubectl(...args: string[]) {
  return run("kubectl", args, { env: { ...process.env, KUBECONFIG: path.join(stack.dir, "kubeconfig"), KUBECACHEDIR: path.join(stack.dir, "kubecache") } });
}

type Sse = { id: string; event: string; data: { id: string; type: string; api: { name: string }; diff: unknown } };

/** Opens the event stream and collects events until `stop()`. */
function openStream(headers: Record<string, string> = {}, query = "") {
  const ac = new AbortController();
  const received: Sse[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  // Held until stop(): undici's Request follows the caller's signal only while the Request lives.
  const req = new Request(`http://signpost.test/api/v1/events${query}`, { headers: { accept: "text/event-stream", ...headers }, signal: ac.signal });
  const done = (async () => {
    const res = await events(req);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = res.body!.getReader();
    let buf = "";
    for (;;) {
      const { value, done: end } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (end) return;
      buf += new TextDecoder().decode(value);
      let i: number;
      while ((i = buf.indexOf("\n\n")) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const f = Object.fromEntries(block.split("\n").filter((l) => !l.startsWith(":") && l.includes(": ")).map((l) => [l.slice(0, l.indexOf(": ")), l.slice(l.indexOf(": ") + 2)]));
        if (f.id && f.data) received.push({ id: f.id, event: f.event, data: JSON.parse(f.data) });
        for (const w of [...waiters]) {
          if (received.length < w.n) continue;
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    }
  })();
  return {
    received,
    /** resolves once `n` events arrived in total */
    waitFor: (n: number, timeoutMs = 5000) =>
      new Promise<void>((resolve, reject) => {
        if (received.length >= n) return resolve();
        const t = setTimeout(() => reject(new Error(`only ${received.length} of ${n} events arrived: ${JSON.stringify(received.map((r) => r.event))}`)), timeoutMs);
        waiters.push({ n, resolve: () => (clearTimeout(t), resolve()) });
      }),
    stop: async () => {
      ac.abort();
      await done.catch(() => {});
      return req.signal.aborted;
    },
  };
}

beforeAll(async () => {
  configureLogger({ level: "debug", pretty: false, sink: (line) => logs.push(line) });
  stack = await startSignpostStack("pglite");
}, 60_000);
afterAll(async () => {
  await stack?.stop();
  configureLogger({ level: "silent" });
});

describe("change events over SSE", () => {
  it("delivers a kubectl-made address change and resumes after a disconnect without loss or repeat", async () => {
    const first = openStream();
    await new Promise((r) => setTimeout(r, 300)); // let the stream subscribe before the change
    await kubectl("patch", "service", "usermgr-nodeport", "-n", "shop", "-p", '{"spec":{"ports":[{"port":80,"nodePort":30090}]}}');
    await first.waitFor(1, 20_000);
    const seen = first.received[0];
    expect(seen).toMatchObject({ event: "api.updated", data: { type: "api.updated", api: { name: "usermgr" } } });
    expect(JSON.stringify(seen.data.diff)).toContain("30090");
    await first.stop();

    // two changes while disconnected; the resumed stream gets exactly those, in order
    await kubectl("patch", "service", "usermgr-nodeport", "-n", "shop", "-p", '{"spec":{"ports":[{"port":80,"nodePort":30091}]}}');
    await kubectl("patch", "service", "ordermgr-nodeport", "-n", "shop", "-p", '{"spec":{"ports":[{"port":80,"nodePort":30092}]}}');
    await new Promise((r) => setTimeout(r, 500)); // both changes reach the change log
    const resumed = openStream({ "last-event-id": seen.id });
    await resumed.waitFor(2, 20_000);
    await new Promise((r) => setTimeout(r, 300)); // nothing more should arrive
    await resumed.stop();
    const ids = resumed.received.map((e) => BigInt(e.id));
    expect(ids.every((id) => id > BigInt(seen.id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(resumed.received.map((e) => [e.event, e.data.api.name])).toEqual([["api.updated", "usermgr"], ["api.updated", "ordermgr"]]);
    const all = await stack.db.pool.query("SELECT id::text FROM change_events WHERE id > $1 ORDER BY id", [seen.id]);
    expect(resumed.received.map((e) => e.id)).toEqual(all.rows.map((r) => r.id));
  });

  it("filters by API", async () => {
    const s = openStream({}, "?api=ordermgr");
    await new Promise((r) => setTimeout(r, 300));
    await kubectl("patch", "service", "usermgr-nodeport", "-n", "shop", "-p", '{"spec":{"ports":[{"port":80,"nodePort":30093}]}}');
    await kubectl("patch", "service", "ordermgr-nodeport", "-n", "shop", "-p", '{"spec":{"ports":[{"port":80,"nodePort":30094}]}}');
    await s.waitFor(1, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    await s.stop();
    expect(s.received.map((e) => e.data.api.name)).toEqual(["ordermgr"]);
  });
});

describe("blocking resolve", () => {
  it("returns as soon as the address changes", async () => {
    const first = await resolve(new Request("http://signpost.test/api/v1/resolve/ordermgr"), { params: Promise.resolve({ name: "ordermgr" }) });
    const etag = first.headers.get("etag")!;
    const waiting = resolve(new Request("http://signpost.test/api/v1/resolve/ordermgr?wait=20s", { headers: { "if-none-match": etag } }), { params: Promise.resolve({ name: "ordermgr" }) });
    await new Promise((r) => setTimeout(r, 300));
    await kubectl("patch", "service", "ordermgr-nodeport", "-n", "shop", "-p", '{"spec":{"ports":[{"port":80,"nodePort":30095}]}}');
    const res = await waiting;
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).not.toBe(etag);
    const body = (await res.json()) as { exposures: { url: string }[] };
    expect(body.exposures.map((e) => e.url)).toContain("http://203.0.113.11:30095");
  });

  it("answers 304 at the timeout when nothing changed", async () => {
    const first = await resolve(new Request("http://signpost.test/api/v1/resolve/usermgr"), { params: Promise.resolve({ name: "usermgr" }) });
    const res = await resolve(new Request("http://signpost.test/api/v1/resolve/usermgr?wait=400ms", { headers: { "if-none-match": first.headers.get("etag")! } }), { params: Promise.resolve({ name: "usermgr" }) });
    expect(res.status).toBe(304);
  });
});

describe("access control", () => {
  const post = (token: string | null, body: unknown) =>
    register(new Request("http://signpost.test/api/v1/apis", { method: "POST", headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json" }, body: JSON.stringify(body) }));
  const reg = { name: "acl-api", upstream: { url: "http://acl.internal:8080" }, route: { paths: ["/acl"] } };

  it("401 without a token, 403 for a viewer's write, a revoked token stops at once, every write audited, no secret logged", async () => {
    expect((await post(null, reg)).status).toBe(401);
    const make = async (role: string) =>
      (await (await createToken(new Request("http://signpost.test/api/v1/tokens", { method: "POST", headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" }, body: JSON.stringify({ name: `t-${role}`, role }) }))).json()) as { id: string; token: string };
    const viewer = await make("viewer");
    const editor = await make("editor");
    const denied = await post(viewer.token, reg);
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { error: { message: string } }).error.message).toContain("viewer");
    expect((await post(editor.token, reg)).status).toBe(201);
    const revoke = await revokeToken(new Request("http://signpost.test/x", { method: "DELETE", headers: { authorization: `Bearer ${ADMIN}` } }), { params: Promise.resolve({ id: editor.id }) });
    expect(revoke.status).toBe(204);
    expect((await post(editor.token, { ...reg, name: "acl-two" })).status).toBe(401);
    expect((await listApis(new Request("http://signpost.test/api/v1/apis", { headers: { authorization: `Bearer ${editor.token}` } }))).status).toBe(401);

    const entries = (await (await audit(new Request("http://signpost.test/api/v1/audit?limit=100", { headers: { authorization: `Bearer ${ADMIN}` } }))).json()) as { data: { actor: string; action: string; target: string }[] };
    expect(entries.data.map((e) => [e.actor, e.action])).toEqual(
      expect.arrayContaining([["bootstrap-admin", "token.create"], ["token:t-editor", "api.register"], ["bootstrap-admin", "token.revoke"]]),
    );
    const stored = await stack.db.pool.query("SELECT hash FROM api_tokens");
    for (const t of [viewer.token, editor.token]) {
      expect(stored.rows.map((r) => r.hash)).not.toContain(t);
      expect(logs.join("\n")).not.toContain(t);
    }
    expect(logs.join("\n")).not.toContain(ADMIN);
    expect(logs.some((l) => JSON.parse(l).requestId)).toBe(true); // structured, with request ids
  });
});
