// Registration is consistent with the gateway, always: a fault matrix (Kong failing after each
// write, the database failing after the Kong writes, a crash mid-change, two concurrent PUTs,
// a failing deregistration) ends every time with Kong and the database in agreement, checked
// independently from both sides. Also: drift made by hand in Kong is found and reported.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { dbKinds } from "../helpers/db";
import { ADMIN, startSignpostStack, type Stack } from "../helpers/stack";
import { waitFor } from "../helpers/wait-for";
import { POST as register } from "../../app/api/v1/apis/route";
import { DELETE as deregister } from "../../app/api/v1/apis/[id]/route";
import { PUT as replace } from "../../app/api/v1/registrations/[gateway]/[name]/route";
import { GET as listSources } from "../../app/api/v1/sources/route";
import { beginIntent } from "../../lib/registry/registration-intent";
import { applyKongState, readKongState } from "../../lib/registry/kong-state";
import { RegistrationReconciler } from "../../lib/sync/registration-reconciler";
import { loadConfig } from "../../lib/env";

type KongEntity = { id: string; name: string; tags: string[] | null; paths?: string[]; host?: string; port?: number; config?: Record<string, unknown>; service?: { id: string } };

const body = (name: string, over: Record<string, unknown> = {}) => ({
  name,
  team: "faults",
  upstream: { url: "http://orders.internal:8080" },
  route: { paths: [`/${name}`] },
  gateway: "sandbox",
  ...over,
});

describe.each(dbKinds())("registration fault matrix on %s", (kind) => {
  let stack: Stack;
  const kong = async <T = KongEntity>(p: string): Promise<T> => (await fetch(`${stack.gateway.url}${p}`)).json() as Promise<T>;
  const post = (b: unknown) =>
    register(new Request("http://signpost.test/api/v1/apis", { method: "POST", headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" }, body: JSON.stringify(b) }));
  const put = (b: { name: string }) =>
    replace(
      new Request(`http://signpost.test/api/v1/registrations/sandbox/${b.name}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
        body: JSON.stringify(b),
      }),
      { params: Promise.resolve({ gateway: "sandbox", name: b.name }) },
    );

  /** Kong and the database agree: every live registration's entities exist as registered, and every Signpost-tagged entity belongs to one. */
  async function expectAgreement() {
    const { rows: regs } = await stack.db.pool.query<{ name: string; spec: { route: { paths: string[] }; upstream: { url: string }; plugins?: { name: string }[] } }>(
      `SELECT name, spec FROM registrations WHERE gateway = 'sandbox' AND deleted_at IS NULL`,
    );
    const { rows: intents } = await stack.db.pool.query(`SELECT name FROM registration_intents`);
    expect(intents).toEqual([]);
    const services = (await kong<{ data: KongEntity[] }>("/services?tags=signpost-managed")).data;
    const routes = (await kong<{ data: KongEntity[] }>("/routes?tags=signpost-managed")).data;
    const plugins = (await kong<{ data: KongEntity[] }>("/plugins?tags=signpost-managed")).data;
    const live = new Map(regs.map((r) => [r.name, r.spec]));
    expect(services.map((s) => s.name).sort()).toEqual([...live.keys()].sort());
    expect(routes.map((r) => r.name).sort()).toEqual([...live.keys()].sort());
    for (const [name, spec] of live) {
      const route = routes.find((r) => r.name === name)!;
      const service = services.find((s) => s.name === name)!;
      expect(route.paths, name).toEqual(spec.route.paths);
      expect(route.service?.id).toBe(service.id);
      const url = new URL(spec.upstream.url);
      expect(`${service.host}:${service.port}`, name).toBe(`${url.hostname}:${url.port}`);
      const mine = plugins.filter((p) => (p as unknown as { route?: { id: string } }).route?.id === route.id).map((p) => p.name).sort();
      expect(mine, name).toEqual((spec.plugins ?? []).map((p) => p.name).sort());
    }
    expect(plugins.every((p) => routes.some((r) => r.id === (p as unknown as { route?: { id: string } }).route?.id))).toBe(true);
    // The catalog shows exactly the live registrations of this suite (once the worker has polled:
    // a failed change may have been visible on the gateway for a moment).
    const names = [...live.keys()].sort();
    await waitFor(
      () => stack.db.pool.query<{ name: string }>(`SELECT name FROM apis WHERE team = 'faults' AND gone_at IS NULL ORDER BY name`).then((r) => r.rows.map((a) => a.name)),
      (apis) => JSON.stringify(apis) === JSON.stringify(names),
      { timeoutMs: 20_000, what: `the catalog to show ${names.join(", ")}` },
    );
  }

  beforeAll(async () => {
    stack = await startSignpostStack(kind);
  });
  afterAll(async () => stack?.stop());
  beforeEach(() => stack.gateway.faults.clear());

  for (const [what, rule] of [
    ["after the service write (the route fails)", { method: "PUT", pathPrefix: "/routes", action: { type: "status", status: 500 }, times: 3 }],
    ["after the route write (a plugin fails)", { method: "PUT", pathPrefix: "/plugins", action: { type: "status", status: 500 }, times: 3 }],
    ["after a plugin write (the second plugin fails)", { method: "PUT", pathPrefix: "/plugins", afterRequests: 1, action: { type: "status", status: 400 }, times: 1 }],
  ] as const) {
    it(`create: Kong failing ${what} leaves nothing behind`, async () => {
      const name = `create-${what.split(" ")[2]}-${what.length}`;
      stack.gateway.faults.add(rule);
      const res = await post(body(name, { plugins: [{ name: "cors" }, { name: "request-size-limiting" }] }));
      const json = (await res.json()) as { error: { message: string } };
      expect(res.status, JSON.stringify(json)).toBeGreaterThanOrEqual(400);
      expect(json.error.message).toContain("nothing was changed");
      await expectAgreement();
    });
  }

  it("replace: Kong failing mid-change puts the previous service, route and plugins back", async () => {
    const first = body("replace-me", { plugins: [{ name: "cors", config: { origins: ["https://a.example"] } }] });
    expect((await post(first)).status).toBe(201);
    const before = await kong(`/routes/replace-me`);
    const pluginsBefore = (await kong<{ data: KongEntity[] }>(`/routes/replace-me/plugins`)).data;
    for (const rule of [
      { method: "PUT", pathPrefix: "/routes", action: { type: "status", status: 500 }, times: 3 },
      { method: "PUT", pathPrefix: "/plugins", action: { type: "status", status: 400 }, times: 1 },
      { method: "DELETE", pathPrefix: "/plugins", action: { type: "status", status: 500 }, times: 3 },
    ] as const) {
      stack.gateway.faults.clear();
      stack.gateway.faults.add(rule);
      const next = body("replace-me", { upstream: { url: "http://orders-v2.internal:9090" }, route: { paths: ["/replaced"] }, plugins: [{ name: "request-size-limiting" }] });
      const res = await put(next);
      expect(res.status, `${rule.method} ${rule.pathPrefix}`).toBeGreaterThanOrEqual(400);
      expect(await kong(`/routes/replace-me`)).toMatchObject({ id: before.id, paths: ["/replace-me"] });
      expect((await kong(`/services/replace-me`)).host).toBe("orders.internal");
      const plugins = (await kong<{ data: KongEntity[] }>(`/routes/replace-me/plugins`)).data;
      expect(plugins.map((p) => [p.id, p.name, p.config?.origins])).toEqual(pluginsBefore.map((p) => [p.id, p.name, p.config?.origins]));
      await expectAgreement();
    }
  });

  it("the database failing after the Kong writes puts the gateway back (create and replace)", async () => {
    expect((await post(body("db-fails"))).status).toBe(201);
    await stack.db.pool.query(`CREATE FUNCTION signpost_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$`);
    await stack.db.pool.query(`CREATE TRIGGER fail_writes BEFORE INSERT OR UPDATE ON registrations FOR EACH ROW EXECUTE FUNCTION signpost_test_fail()`);
    try {
      expect((await post(body("db-fails-new"))).status).toBe(500);
      expect((await put(body("db-fails", { route: { paths: ["/moved"] } }))).status).toBe(500);
    } finally {
      await stack.db.pool.query(`DROP TRIGGER fail_writes ON registrations; DROP FUNCTION signpost_test_fail()`);
    }
    expect((await kong(`/routes/db-fails`)).paths).toEqual(["/db-fails"]);
    await expectAgreement();
  });

  it("a change interrupted by a crash is put back by the worker once its intent expires", async () => {
    expect((await post(body("crashed"))).status).toBe(201);
    const config = loadConfig();
    const target = { name: "sandbox", adminUrl: stack.gateway.url };
    // What a process does before dying: takes the intent, records the gateway, writes Kong.
    const intent = await beginIntent(stack.db.pool, { gateway: "sandbox", name: "crashed" }, { op: "register", spec: {}, actor: "test" }, { recover: async () => {}, ttlMs: 60_000 });
    const current = await readKongState(target, "crashed");
    await intent.savePrevious({ kong: current });
    await applyKongState(target, { name: "crashed", tags: current.route!.tags!, service: { protocol: "http", host: "elsewhere", port: 1, path: null }, route: { paths: ["/half"], hosts: null, methods: null, strip_path: true }, plugins: [] }, current);
    intent.release();
    expect((await kong(`/routes/crashed`)).paths).toEqual(["/half"]);
    await stack.db.pool.query(`UPDATE registration_intents SET expires_at = now() - interval '1 second'`);
    const reconciler = new RegistrationReconciler({ db: stack.db, gateways: config.gateways });
    await reconciler.runOnce();
    expect((await kong(`/routes/crashed`)).paths).toEqual(["/crashed"]);
    expect((await kong(`/services/crashed`)).host).toBe("orders.internal");
    await expectAgreement();
  });

  it("a new change of the same name first puts back an interrupted one", async () => {
    const target = { name: "sandbox", adminUrl: stack.gateway.url };
    const intent = await beginIntent(stack.db.pool, { gateway: "sandbox", name: "crashed-new" }, { op: "register", spec: {}, actor: "test" }, { recover: async () => {}, ttlMs: 60_000 });
    const current = await readKongState(target, "crashed-new");
    await intent.savePrevious({ kong: current });
    await applyKongState(target, { name: "crashed-new", tags: ["signpost-managed", "signpost-api:crashed-new"], service: { protocol: "http", host: "elsewhere", port: 1, path: null }, route: { paths: ["/half-new"], hosts: null, methods: null, strip_path: true }, plugins: [] }, current);
    intent.release();
    await stack.db.pool.query(`UPDATE registration_intents SET expires_at = now() - interval '1 second'`);
    expect((await post(body("crashed-new", { route: { paths: ["/whole"] } }))).status).toBe(201);
    expect((await kong(`/routes/crashed-new`)).paths).toEqual(["/whole"]);
    await expectAgreement();
  });

  it("two concurrent PUTs of one name are applied one after the other; Kong holds the last one recorded", async () => {
    const a = body("twice", { route: { paths: ["/twice-a"] }, plugins: [{ name: "cors" }] });
    const b = body("twice", { route: { paths: ["/twice-b"] } });
    const results = await Promise.all([put(a), put(b), put(a), put(b)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);
    await expectAgreement();
  });

  it("deregistration: Kong failing after the route delete puts the route back, and the registration stays", async () => {
    const res = await post(body("dereg", { plugins: [{ name: "cors" }] }));
    const api = (await res.json()) as { id: string };
    stack.gateway.faults.add({ method: "DELETE", pathPrefix: "/services", action: { type: "status", status: 500 }, times: 3 });
    const del = await deregister(new Request(`http://signpost.test/api/v1/apis/${api.id}`, { method: "DELETE", headers: { authorization: `Bearer ${ADMIN}` } }), {
      params: Promise.resolve({ id: api.id }),
    });
    expect(del.status).toBe(502);
    expect((await kong(`/routes/dereg`)).paths).toEqual(["/dereg"]);
    await expectAgreement();
    stack.gateway.faults.clear();
    const again = await deregister(new Request(`http://signpost.test/api/v1/apis/${api.id}`, { method: "DELETE", headers: { authorization: `Bearer ${ADMIN}` } }), {
      params: Promise.resolve({ id: api.id }),
    });
    expect(again.status).toBe(204);
    await expectAgreement();
  });

  it("finds drift made by hand in Kong and reports it on the registration and the gateway's source", async () => {
    expect((await post(body("drifty", { plugins: [{ name: "cors" }] }))).status).toBe(201);
    await fetch(`${stack.gateway.url}/routes/drifty`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ paths: ["/by-hand"] }) });
    const pluginId = (await kong<{ data: KongEntity[] }>(`/routes/drifty/plugins`)).data[0].id;
    await fetch(`${stack.gateway.url}/plugins/${pluginId}`, { method: "DELETE" });
    const orphan = await kong<KongEntity>(`/services`).then(() =>
      fetch(`${stack.gateway.url}/services`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "leftover", url: "http://x.internal", tags: ["signpost-managed", "signpost-api:leftover"] }) }),
    );
    expect(orphan.status).toBe(201);
    const drift = await waitFor(
      () => stack.db.pool.query<{ drift: { issues: string[] } | null }>(`SELECT drift FROM registrations WHERE name = 'drifty'`).then((r) => r.rows[0].drift),
      // The periodic check may run between the two hand edits and see only the first: wait for one that saw both.
      (d) => (d?.issues.length ?? 0) >= 2,
      { timeoutMs: 20_000, what: "a drift check that saw both hand edits" },
    );
    expect(drift!.issues).toEqual([`route paths are ["/by-hand"], registered ["/drifty"]`, "plugin cors is missing from the gateway"]);
    const sources = await waitFor(
      async () => (await (await listSources(new Request("http://signpost.test/api/v1/sources", { headers: { authorization: `Bearer ${ADMIN}` } }))).json()) as { data: { kind: string; info: { registrationDrift?: { drifted: number; orphans: string[] } } }[] },
      (s) => (s.data.find((x) => x.kind === "gateway")?.info.registrationDrift?.orphans.length ?? 0) > 0,
      { timeoutMs: 20_000, what: "the gateway's drift summary" },
    );
    expect(sources.data.find((x) => x.kind === "gateway")!.info.registrationDrift).toMatchObject({ drifted: 1, orphans: ["service leftover"] });
  });
});
