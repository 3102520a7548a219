// Kong's upstream target health over HTTP against `signpost start`: an upstream with two targets
// (UserMgr's pods) is created on the sandbox gateway's Admin API, an API is registered over
// REST with that upstream's name as its host and a probePath, and REST shows the API answering
// with each target HEALTHY. A target set unhealthy (PUT /upstreams/{u}/targets/{t}/unhealthy)
// shows UNHEALTHY on the API while the other still answers; with both unhealthy the gateway
// has no peer and the API turns failing; a target set healthy again brings it back.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOpenApi } from "../../lib/api/openapi/build-openapi";
import type { TApiDetail } from "../../lib/api/schemas/api";
import { SERVER_ADMIN_TOKEN, startProbingServer, type SignpostServer } from "../helpers/signpost-http-server";
import { waitFor } from "../helpers/wait-for";

const run = promisify(execFile);
const admin = { authorization: `Bearer ${SERVER_ADMIN_TOKEN}` };

let server: SignpostServer;
let targets: { target: string; pod: string }[];
let id: string;

const kong = (p: string, method = "GET", body?: unknown) =>
  fetch(`${server.adminUrl}${p}`, { method, headers: body ? { "content-type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined });
const detail = async () => (await server.request(`/api/v1/apis/${id}`)).json<TApiDetail>();
const targetStates = (a: TApiDetail) => Object.fromEntries((a.upstreamHealth.find((u) => u.upstream === "probe-up")?.targets ?? []).map((t) => [t.target, t.health]));
/** Errors of `body` against the OpenAPI document's ApiDetail schema (null: valid). */
function invalidApiDetail(body: unknown): string | null {
  const doc = buildOpenApi() as { components: Record<string, unknown> };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: "signpost", components: doc.components }, "signpost");
  return ajv.validate({ $ref: "signpost#/components/schemas/ApiDetail" }, body) ? null : ajv.errorsText(ajv.errors);
}
const mark = async (target: string, how: "healthy" | "unhealthy") => expect((await kong(`/upstreams/probe-up/targets/${target}/${how}`, "PUT")).status).toBe(204);

beforeAll(async () => {
  server = await startProbingServer();
  const env = { ...process.env, KUBECONFIG: path.join(server.dataDir, "sandbox.kubeconfig"), KUBECACHEDIR: path.join(server.dataDir, "kubecache") };
  const slices = JSON.parse((await run("kubectl", ["get", "endpointslices", "-n", "shop", "-l", "kubernetes.io/service-name=usermgr", "-o", "json"], { env })).stdout) as {
    items: { ports: { port: number }[]; endpoints: { addresses: string[]; targetRef: { name: string } }[] }[];
  };
  const [slice] = slices.items;
  targets = slice.endpoints.slice(0, 2).map((e) => ({ target: `${e.addresses[0]}:${slice.ports[0].port}`, pod: e.targetRef.name }));
}, 180_000);

afterAll(async () => server?.dispose());

describe("upstream target health over HTTP", () => {
  it("shows each target of the upstream behind a registered API, and the API answering", async () => {
    // Passive health checks on: Kong lets targets be marked (and skips unhealthy ones).
    const up = await kong("/upstreams", "POST", { name: "probe-up", healthchecks: { passive: { unhealthy: { http_failures: 3 } } } });
    expect(up.status, await up.clone().text()).toBe(201);
    for (const t of targets) expect((await kong("/upstreams/probe-up/targets", "POST", { target: t.target })).status).toBe(201);
    const reg = await server.request("/api/v1/apis", {
      method: "POST", headers: admin,
      body: { name: "probe-up-api", upstream: { url: "http://probe-up:80" }, route: { paths: ["/probe-up"] }, probePath: "/ping" },
    });
    expect(reg.status, reg.text).toBe(201);
    id = reg.json<TApiDetail>().id;
    const api = await waitFor(detail, (a) => a.health?.state === "answering" && Object.keys(targetStates(a)).length === 2, { timeoutMs: 30_000, intervalMs: 100, what: "answering with two targets" });
    expect(api.health).toMatchObject({ path: "/ping", status: 200, url: "http://localhost:" + new URL(api.proxyUrl!).port + "/probe-up/ping" });
    expect(targetStates(api)).toEqual({ [targets[0].target]: "HEALTHY", [targets[1].target]: "HEALTHY" });
    const up0 = api.upstreamHealth.find((u) => u.upstream === "probe-up")!;
    expect(up0).toMatchObject({ gateway: "sandbox", error: null });
    expect(up0.targets[0].addresses).toEqual([expect.objectContaining({ health: "HEALTHY", port: 8080 })]);
    // what the server sent is what its OpenAPI document says, health and upstreamHealth included
    expect(invalidApiDetail(api)).toBeNull();
    expect(invalidApiDetail({ ...api, health: { ...api.health, state: "sleeping" } })).toContain("/health/state");
  });

  it("shows a target set unhealthy as UNHEALTHY; the API answers from the other", async () => {
    await mark(targets[0].target, "unhealthy");
    const api = await waitFor(detail, (a) => targetStates(a)[targets[0].target] === "UNHEALTHY", { timeoutMs: 30_000, intervalMs: 100, what: "the target UNHEALTHY on the API" });
    expect(targetStates(api)[targets[1].target]).toBe("HEALTHY");
    const checked = api.health!.checkedAt;
    const later = await waitFor(detail, (a) => a.health!.checkedAt !== checked, { timeoutMs: 10_000, intervalMs: 50, what: "a probe after the mark" });
    expect(later.health).toMatchObject({ state: "answering", answeredBy: { pod: targets[1].pod } });
  });

  it("with both targets unhealthy the gateway has no peer: the API is failing; a healthy target brings it back", async () => {
    await mark(targets[1].target, "unhealthy");
    const failing = await waitFor(detail, (a) => a.health?.state === "failing", { timeoutMs: 30_000, intervalMs: 100, what: "the API failing" });
    expect(failing.health).toMatchObject({ status: 503, error: "answered 503: failure to get a peer from the ring-balancer" });
    await mark(targets[0].target, "healthy");
    const back = await waitFor(detail, (a) => a.health?.state === "answering" && targetStates(a)[targets[0].target] === "HEALTHY", { timeoutMs: 30_000, intervalMs: 100, what: "answering again" });
    expect(back.health!.answeredBy).toMatchObject({ pod: targets[0].pod });
    const events = (await server.request(`/api/v1/events?type=api.health_changed&api=${id}`)).json<{ data: { diff: { after: { health: string } } }[] }>().data;
    expect(events.map((e) => e.diff.after.health)).toEqual(["answering", "failing", "answering"]);
  });
});
