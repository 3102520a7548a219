// Registering through the cluster that feeds a gateway: Signpost server-side applies an Ingress
// of the controller's class next to the Service (field manager "signpost", its labels), the API
// shows at once as pending, and links to the gateway route once the Ingress Controller has
// published it; replace patches in place; conflicts with hand-written rules and foreign objects
// are refused; deregistration deletes only Signpost's objects; writes are opt-in per namespace.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dbKinds } from "../helpers/db";
import { ADMIN, startSignpostStack, type Stack } from "../helpers/stack";
import { waitFor } from "../helpers/wait-for";
import { resetConfigCache } from "../../lib/env";
import { POST as register } from "../../app/api/v1/apis/route";
import { DELETE as deregister, GET as getApi } from "../../app/api/v1/apis/[id]/route";
import { PUT as replace } from "../../app/api/v1/registrations/[gateway]/[name]/route";
import { GET as listGateways } from "../../app/api/v1/gateways/route";

type Exposure = { mode: string; status: string; url: string | null; details: Record<string, unknown>; source: { kind: string; name: string } };
type Api = { id: string; key: string; name: string; managedBy: string; exposures: Exposure[]; error?: { code: string; message: string } };

const body = (name: string, over: Record<string, unknown> = {}) => ({
  name,
  team: "shop",
  microservice: "usermgr",
  upstream: { service: { cluster: "sandbox", namespace: "shop", name: "usermgr", port: 80 } },
  route: { paths: [`/${name}`], hosts: ["api.shop.example"], methods: ["GET"] },
  ...over,
});
const ING = { apiVersion: "networking.k8s.io/v1", kind: "Ingress", namespace: "shop" };
const auth = { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" };

describe.each(dbKinds())("registration through the cluster on %s", (kind) => {
  let stack: Stack;
  const post = async (b: unknown) => {
    const res = await register(new Request("http://signpost.test/api/v1/apis", { method: "POST", headers: auth, body: JSON.stringify(b) }));
    return { status: res.status, json: (await res.json()) as Api };
  };
  const apiRow = (name: string) => stack.db.pool.query<{ gone_at: Date | null }>(`SELECT gone_at FROM apis WHERE key = $1`, [`api:${name}`]).then((r) => r.rows[0]);
  const exposuresOf = (name: string) =>
    stack.db.pool
      .query<{ mode: string; status: string; url: string | null }>(`SELECT e.mode, e.status, e.url FROM exposures e JOIN apis a ON a.id = e.api_id WHERE a.key = $1 ORDER BY e.rank`, [`api:${name}`])
      .then((r) => r.rows);

  beforeAll(async () => {
    stack = await startSignpostStack(kind, { gateway: { registerVia: "ingress" }, env: { SIGNPOST_KUBE_WRITE_NAMESPACES: "shop" } });
  });
  afterAll(async () => stack?.stop());

  it("says how the gateway takes registrations", async () => {
    const res = await listGateways(new Request("http://signpost.test/api/v1/gateways"));
    const json = (await res.json()) as { data: { name: string; registerVia: string; registerViaReason: string }[] };
    expect(json.data[0]).toMatchObject({ name: "sandbox", registerVia: "ingress", registerViaReason: "configured: registerVia ingress" });
  });

  it("applies a labelled Ingress with KIC's annotations; the API is pending, then links to the route the controller published", async () => {
    const { status, json } = await post(body("users-v2"));
    expect(status, JSON.stringify(json)).toBe(201);
    expect(json).toMatchObject({ key: "api:users-v2", name: "users-v2", managedBy: "signpost" });
    // shown at once, before the controller has done anything with it
    expect(json.exposures.map((e) => [e.mode, e.status, e.url, e.details.waiting])).toEqual([
      ["Ingress", "pending", "http://api.shop.example/users-v2", "the gateway's Ingress Controller has not published a route for it yet"],
    ]);
    const ing = stack.cluster.store.get({ ...ING, name: "users-v2" })!;
    expect(ing.metadata.labels).toEqual({
      "app.kubernetes.io/managed-by": "signpost", "signpost.dev/registration": "users-v2", "signpost.dev/team": "shop", "signpost.dev/microservice": "usermgr",
    });
    expect(ing.metadata.annotations).toMatchObject({ "konghq.com/methods": "GET", "konghq.com/strip-path": "true" });
    expect((ing.metadata.managedFields as { manager: string; operation: string }[]).map((f) => [f.manager, f.operation])).toContainEqual(["signpost", "Apply"]);
    expect(ing.spec.ingressClassName).toBe("kong");
    const linked = await waitFor(() => exposuresOf("users-v2"), (e) => e.some((x) => x.mode === "Gateway"), { timeoutMs: 20_000, what: "the published gateway route" });
    expect(linked.find((e) => e.mode === "Gateway")).toMatchObject({ status: "ready", url: "http://api.shop.example/users-v2" });
    // the Service's own API does not take the registered Ingress's exposures
    const own = await stack.db.pool.query(`SELECT e.source_name FROM exposures e JOIN apis a ON a.id = e.api_id WHERE a.name = 'usermgr' AND a.cluster = 'sandbox'`);
    expect(own.rows.map((r) => r.source_name)).not.toContain("users-v2");
  });

  it("replaces in place: the same Ingress, patched", async () => {
    const before = stack.cluster.store.get({ ...ING, name: "users-v2" })!;
    const res = await replace(
      new Request("http://signpost.test/api/v1/registrations/sandbox/users-v2", { method: "PUT", headers: auth, body: JSON.stringify(body("users-v2", { route: { paths: ["/v2/users"], hosts: ["api.shop.example"] } })) }),
      { params: Promise.resolve({ gateway: "sandbox", name: "users-v2" }) },
    );
    expect(res.status).toBe(200);
    const after = stack.cluster.store.get({ ...ING, name: "users-v2" })!;
    expect(after.metadata.uid).toBe(before.metadata.uid);
    expect(after.spec.rules[0].http.paths.map((p: { path: string }) => p.path)).toEqual(["/v2/users"]);
    expect(after.metadata.annotations?.["konghq.com/methods"]).toBeUndefined();
    await waitFor(() => exposuresOf("users-v2"), (e) => e.some((x) => x.mode === "Gateway" && x.url === "http://api.shop.example/v2/users"), { timeoutMs: 20_000, what: "the moved route" });
  });

  it("refuses a path a hand-written Ingress rule already routes, and a foreign object of the same name", async () => {
    stack.cluster.store.create({
      ...ING, metadata: { name: "by-hand", namespace: "shop" },
      spec: { ingressClassName: "kong", rules: [{ host: "api.shop.example", http: { paths: [{ path: "/by-hand", pathType: "Prefix", backend: { service: { name: "ordermgr", port: { number: 80 } } } }] } }] },
    });
    // The sandbox's Ingress Controller can publish the Kong route before the cluster sync reads the
    // Ingress; the gateway conflict is then named instead. Wait for the Ingress in the catalog first.
    await waitFor(
      () => stack.db.pool.query(`SELECT 1 FROM source_objects WHERE kind = 'Ingress' AND data->>'name' = 'by-hand' AND gone_at IS NULL`).then((r) => r.rowCount ?? 0),
      (n) => n > 0,
      { timeoutMs: 20_000, what: "the hand-written Ingress in the catalog" },
    );
    const conflict = await post(body("taken", { route: { paths: ["/by-hand"], hosts: ["api.shop.example"] } }));
    expect(conflict.status).toBe(409);
    expect(conflict.json.error!.message).toBe('path /by-hand on host api.shop.example is already routed in cluster "sandbox" by Ingress shop/by-hand');
    const foreign = await post(body("by-hand", { route: { paths: ["/elsewhere"] } }));
    expect(foreign.status).toBe(409);
    expect(foreign.json.error!.message).toBe('cluster "sandbox" already has a Ingress shop/by-hand that Signpost did not create; Signpost never modifies it');
    expect(stack.cluster.store.get({ ...ING, name: "by-hand" })!.metadata.labels ?? {}).toEqual({});
  });

  it("refuses with 403 naming the setting when the namespace is not opted in, and writes nothing", async () => {
    process.env.SIGNPOST_KUBE_WRITE_NAMESPACES = "billing";
    resetConfigCache();
    try {
      const { status, json } = await post(body("not-allowed"));
      expect(status).toBe(403);
      expect(json.error!.message).toContain("SIGNPOST_KUBE_WRITE_NAMESPACES (billing)");
      expect(stack.cluster.store.get({ ...ING, name: "not-allowed" })).toBeUndefined();
    } finally {
      process.env.SIGNPOST_KUBE_WRITE_NAMESPACES = "shop";
      resetConfigCache();
    }
  });

  it("deregisters: the Ingress and the route go, and the API is gone", async () => {
    const id = (await stack.db.pool.query<{ id: string }>(`SELECT id FROM apis WHERE key = 'api:users-v2'`)).rows[0].id;
    const res = await deregister(new Request(`http://signpost.test/api/v1/apis/${id}`, { method: "DELETE", headers: auth }), { params: Promise.resolve({ id }) });
    expect(res.status).toBe(204);
    expect(stack.cluster.store.get({ ...ING, name: "users-v2" })).toBeUndefined();
    expect((await apiRow("users-v2"))?.gone_at).toBeInstanceOf(Date);
    await waitFor(async () => (await (await fetch(`${stack.gateway.url}/routes`)).json()) as { data: { name: string }[] }, (r) => !r.data.some((x) => x.name.includes("users-v2")), {
      timeoutMs: 20_000,
      what: "the controller to remove the route",
    });
  });
});

describe("registration through a cluster whose controller never publishes", () => {
  let stack: Stack;
  beforeAll(async () => {
    // The gateway's controller serves class "kong"; the registrations ask for class "internal",
    // which no controller here serves.
    stack = await startSignpostStack("pglite", { gateway: { registerVia: "ingress", ingressClass: "internal" }, env: { SIGNPOST_KUBE_WRITE_NAMESPACES: "*" } });
  });
  afterAll(async () => stack?.stop());

  it("stays pending and says what it waits for", async () => {
    const res = await register(new Request("http://signpost.test/api/v1/apis", { method: "POST", headers: auth, body: JSON.stringify(body("lonely")) }));
    const api = (await res.json()) as Api;
    expect(res.status, JSON.stringify(api)).toBe(201);
    const check = () => stack.db.pool.query<{ status: string; details: Record<string, unknown> }>(`SELECT e.status, e.details FROM exposures e JOIN apis a ON a.id = e.api_id WHERE a.key = 'api:lonely'`).then((r) => r.rows);
    // after the worker has seen the Ingress (its derivation replaces the one written at once), still pending
    await waitFor(() => stack.db.pool.query(`SELECT 1 FROM source_objects WHERE kind = 'Ingress' AND name = 'lonely'`).then((r) => r.rows.length), (n) => n === 1, { what: "the sync to see the Ingress" });
    await stack.worker.writer.flush();
    const rows = await check();
    expect(rows.map((r) => [r.status, r.details.waiting])).toEqual([["pending", "the gateway's Ingress Controller has not published a route for it yet"]]);
    // ...and the REST representation says so
    const rest = await getApi(new Request(`http://signpost.test/api/v1/apis/${api.id}`), { params: Promise.resolve({ id: api.id }) });
    const doc = (await rest.json()) as Api;
    expect(doc.exposures.map((e) => [e.mode, e.status, e.details.waiting])).toEqual([["Ingress", "pending", "the gateway's Ingress Controller has not published a route for it yet"]]);
  });
});
