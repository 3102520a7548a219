// Health probes over HTTP against `signpost start`: UserMgr's Service is annotated with
// `signpost.dev/probe-path` (real kubectl), the worker probes it through the sandbox proxy and
// REST shows it answering (detail, list, facet); its EndpointSlice then loses every ready
// endpoint, the proxy answers Kong's 503, and the API turns failing with exactly one
// api.health_changed event, delivered to a webhook, and none while it stays failing; then it
// answers again. A bad probePath in a registration is refused naming the field.
import { execFile } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TApiDetail, TApiListItem } from "../../lib/api/schemas/api";
import { SERVER_ADMIN_TOKEN, startProbingServer, type SignpostServer } from "../helpers/signpost-http-server";
import { waitFor } from "../helpers/wait-for";

const run = promisify(execFile);
const admin = { authorization: `Bearer ${SERVER_ADMIN_TOKEN}` };
type Event = { type: string; api: { id: string }; diff: { before: { health: string } | null; after: { health: string; status: number | null; error: string | null } } };

let server: SignpostServer;
let receiver: http.Server;
const delivered: Event[] = [];
let id: string;

async function kubectl(...args: string[]): Promise<string> {
  const env = { ...process.env, KUBECONFIG: path.join(server.dataDir, "sandbox.kubeconfig"), KUBECACHEDIR: path.join(server.dataDir, "kubecache") };
  return (await run("kubectl", args, { env })).stdout;
}
const detail = async () => (await server.request(`/api/v1/apis/${id}`)).json<TApiDetail>();
const events = async () => (await server.request(`/api/v1/events?type=api.health_changed&api=${id}`)).json<{ data: Event[] }>().data;
const state = (s: string) => waitFor(detail, (a) => a.health?.state === s, { timeoutMs: 30_000, intervalMs: 100, what: `usermgr ${s}` });

/** Sets `ready` on every endpoint of UserMgr's EndpointSlice, as the EndpointSlice controller would. */
async function setReady(ready: boolean): Promise<void> {
  const slices = JSON.parse(await kubectl("get", "endpointslices", "-n", "shop", "-l", "kubernetes.io/service-name=usermgr", "-o", "json")) as { items: { metadata: { name: string }; endpoints: unknown[] }[] };
  const [slice] = slices.items;
  const patch = slice.endpoints.map((_, i) => ({ op: "replace", path: `/endpoints/${i}/conditions/ready`, value: ready }));
  await kubectl("patch", "endpointslice", slice.metadata.name, "-n", "shop", "--type=json", "-p", JSON.stringify(patch));
}

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      delivered.push(JSON.parse(body) as Event);
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  server = await startProbingServer({ SIGNPOST_WEBHOOK_ALLOW: "127.0.0.1" });
  const hook = await server.request("/api/v1/webhooks", {
    method: "POST", headers: admin,
    body: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, events: ["api.health_changed"], secret: "0123456789abcdef-health" },
  });
  expect(hook.status, hook.text).toBe(201);
  id = (await server.request("/api/v1/resolve/usermgr")).json<{ id: string }>().id;
}, 180_000);

afterAll(async () => {
  await server?.dispose();
  await new Promise((r) => receiver?.close(r));
});

describe("health probes over HTTP", () => {
  it("an API without a probe path has no health", async () => {
    expect((await detail()).health).toBeNull();
  });

  it("probes the annotated probe path through the gateway: answering, in the detail, the list and the facets", async () => {
    await kubectl("annotate", "service", "usermgr", "-n", "shop", "signpost.dev/probe-path=/healthz");
    const api = await state("answering");
    expect(api.health).toMatchObject({ path: "/healthz", url: "http://api.shop.example/users/healthz", status: 200, error: null, answeredBy: { service: "usermgr", namespace: "shop" } });
    const list = (await server.request("/api/v1/apis?q=usermgr&health=answering")).json<{ data: TApiListItem[] }>().data;
    expect(list.map((a) => a.id)).toEqual([id]);
    expect(list[0].health).toMatchObject({ state: "answering", since: api.health!.since });
    const facets = (await server.request("/api/v1/apis/facets")).json<Record<string, { value: string; count: number }[]>>();
    expect(facets.health).toEqual([{ value: "answering", count: 1 }]);
    expect(await events()).toEqual([expect.objectContaining({ type: "api.health_changed", diff: { before: null, after: { health: "answering", status: 200, error: null } } })]);
  });

  it("turns failing when the Service loses its ready endpoints (Kong's 503), with exactly one event and one delivery", async () => {
    const answeringSince = (await detail()).health!.since;
    await setReady(false);
    const api = await state("failing");
    expect(api.health).toMatchObject({ status: 503, error: "answered 503: failure to get a peer from the ring-balancer" });
    expect(Date.parse(api.health!.since)).toBeGreaterThan(Date.parse(answeringSince));
    // Three more rounds while it stays failing: checkedAt moves, since and the events do not.
    let checked = api.health!.checkedAt;
    for (let i = 0; i < 3; i++) {
      const later = await waitFor(detail, (a) => a.health!.checkedAt !== checked, { timeoutMs: 10_000, intervalMs: 50, what: "another probe round" });
      checked = later.health!.checkedAt;
      expect(later.health).toMatchObject({ state: "failing", since: api.health!.since });
    }
    expect((await events()).map((e) => e.diff)).toEqual([
      { before: null, after: { health: "answering", status: 200, error: null } },
      { before: { health: "answering", status: 200, error: null }, after: { health: "failing", status: 503, error: "answered 503: failure to get a peer from the ring-balancer" } },
    ]);
    await waitFor(() => delivered.length, (n) => n >= 2, { timeoutMs: 30_000, what: "two webhook deliveries" });
    expect(delivered.map((e) => [e.type, e.api.id, e.diff.after.health])).toEqual([
      ["api.health_changed", id, "answering"],
      ["api.health_changed", id, "failing"],
    ]);
  });

  it("answers again once the endpoints are ready, with one more event", async () => {
    await setReady(true);
    await state("answering");
    expect((await events()).map((e) => e.diff.after.health)).toEqual(["answering", "failing", "answering"]);
  });

  it.each([
    ["healthz", 'must start with "/"'],
    ["/../admin", "must stay below the API's address"],
    [`/${"a".repeat(600)}`, "must be at most 512 characters"],
  ])("refuses a registration whose probePath is %s (422 naming body.probePath), registering nothing", async (probePath, why) => {
    const r = await server.request("/api/v1/apis", { method: "POST", headers: admin, body: { name: "probe-refused", upstream: { url: "http://orders.internal:8080" }, route: { paths: ["/probe-refused"] }, probePath } });
    expect(r.status, r.text).toBe(422);
    const err = r.json<{ error: { code: string; message: string; details: { issues: { field: string; message: string }[] } } }>().error;
    expect(err.code).toBe("validation_failed");
    expect(err.message).toContain("body.probePath");
    expect(err.details.issues[0]).toMatchObject({ field: "body.probePath", message: expect.stringContaining(why) });
    expect((await server.request("/api/v1/resolve/probe-refused")).status).toBe(404);
  });
});
