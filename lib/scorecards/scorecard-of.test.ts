import { describe, expect, it } from "vitest";
import { scorecardOf, type ScorableApi } from "./scorecard-of";
import { ZScorecardConfig } from "./scorecard-config";
import type { TRequirements } from "../api/schemas/requirements";
import { NO_CONTRACT, type ContractStatus } from "./contract-status";

const V1: ContractStatus = { version: 1, sourceUrl: null, fetchError: null };

const noReq: TRequirements = { gateway: "edge", route: "users", authentication: [], rateLimits: [], acl: null, cors: null, requestSize: null };

function api(over: Partial<ScorableApi> = {}, req: TRequirements | null = noReq): ScorableApi {
  const gateway = req
    ? [{ mode: "Gateway" as const, url: "https://api.example/users", source: { kind: "KongRoute" as const, cluster: "edge", namespace: null, name: "users" }, details: { requirements: req } }]
    : [];
  return {
    id: "00000000-0000-4000-8000-000000000001",
    name: "users",
    team: "identity",
    cluster: "prod",
    namespace: "shop",
    proxyUrl: req ? "https://api.example/users" : "http://users.shop.svc.cluster.local",
    exposureMode: req ? "Gateway" : "ClusterIP",
    labels: {},
    annotations: { "a8r.io/runbook": "https://wiki/runbook" },
    readyPods: 2,
    totalPods: 3,
    exposures: [...gateway, { mode: "ClusterIP", url: "http://users.shop.svc.cluster.local", source: { kind: "Service", cluster: "prod", namespace: "shop", name: "users" }, details: {} }],
    ...over,
  };
}
const status = (a: ScorableApi, contract: ContractStatus = NO_CONTRACT, config = ZScorecardConfig.parse({})) =>
  Object.fromEntries(scorecardOf(a, { contract, config }).checks.map((c) => [c.id, c.status]));

describe("scorecardOf", () => {
  it("each built-in check passes on a well-kept API", () => {
    const req = { ...noReq, authentication: [{ type: "key-auth" as const, plugin: "key-auth", scope: "route" as const, optional: false, keyNames: ["apikey"], in: ["header" as const] }], rateLimits: [{ plugin: "rate-limiting", scope: "route" as const, limits: [{ limit: 5, seconds: 60, per: "minute" }], limitBy: "ip" }] };
    expect(status(api({}, req), V1)).toEqual({ owner: "pass", contract: "pass", auth: "pass", rate_limit: "pass", https: "pass", gateway_only: "pass", endpoints: "pass", docs: "pass" });
    expect(scorecardOf(api({}, req), { contract: V1 })).toMatchObject({ level: "gold", passed: 8, required: 8, failing: [] });
  });

  it("fails each check with a reason and a fix", () => {
    const bad = api({ team: null, proxyUrl: "http://api.example/users", annotations: {}, readyPods: 0, exposures: [...api().exposures, { mode: "NodePort", url: "http://10.0.0.1:30080", source: { kind: "Service", cluster: "prod", namespace: "shop", name: "users-np" }, details: {} }] });
    const card = scorecardOf(bad, { contract: { version: 0, sourceUrl: "https://docs.example/users.yaml", fetchError: "https://docs.example/users.yaml answered 404 Not Found" } });
    expect(Object.fromEntries(card.checks.map((c) => [c.id, c.status]))).toEqual({ owner: "fail", contract: "fail", auth: "fail", rate_limit: "fail", https: "fail", gateway_only: "fail", endpoints: "fail", docs: "fail" });
    for (const c of card.checks) expect(c.fix, c.id).toBeTruthy();
    expect(card.checks.find((c) => c.id === "contract")!.reason).toBe("Its signpost.dev/openapi-url gave no contract: https://docs.example/users.yaml answered 404 Not Found.");
    expect(card.checks.find((c) => c.id === "gateway_only")!.reason).toBe("It is also reachable around the gateway through NodePort Service users-np.");
    expect(card.checks.find((c) => c.id === "endpoints")!.reason).toBe("None of its 3 endpoints is ready.");
    expect(card).toMatchObject({ level: "none", passed: 0, required: 8 });
  });

  it("the contract check: a stored version passes (even when a later fetch failed), none fails", () => {
    expect(scorecardOf(api(), { contract: { version: 3, sourceUrl: null, fetchError: null } }).checks.find((c) => c.id === "contract")).toMatchObject({ status: "pass", reason: "Version 3 of its OpenAPI contract is attached and valid.", fix: null });
    const stale = scorecardOf(api(), { contract: { version: 2, sourceUrl: "https://d/x.json", fetchError: "timeout" } }).checks.find((c) => c.id === "contract");
    expect(stale).toMatchObject({ status: "pass", reason: "Version 2 of its OpenAPI contract is attached and valid, though its last fetch failed (timeout)." });
    const none = scorecardOf(api(), { contract: NO_CONTRACT }).checks.find((c) => c.id === "contract");
    expect(none).toMatchObject({ status: "fail", reason: "No OpenAPI contract is attached.", fix: expect.stringContaining("PUT /api/v1/apis/00000000-0000-4000-8000-000000000001/spec") });
  });

  it("not applicable: no gateway route, internal only, no Service", () => {
    expect(status(api({}, null))).toMatchObject({ auth: "not_applicable", rate_limit: "not_applicable", https: "not_applicable", gateway_only: "not_applicable" });
    expect(status(api({ readyPods: null, totalPods: null, cluster: null }))).toMatchObject({ endpoints: "not_applicable", docs: "not_applicable" });
  });

  it("optional authentication (anonymous consumer) does not count; acl does", () => {
    const optional = { ...noReq, authentication: [{ type: "basic-auth" as const, plugin: "basic-auth", scope: "service" as const, optional: true, realm: null }] };
    expect(scorecardOf(api({}, optional), { contract: NO_CONTRACT }).checks.find((c) => c.id === "auth")).toMatchObject({ status: "fail", reason: expect.stringContaining("anonymously") });
    expect(status(api({}, { ...noReq, acl: { plugin: "acl", scope: "route", allow: ["x"], deny: [] } }))).toMatchObject({ auth: "pass" });
  });

  it("a direct exposure annotated as intended passes", () => {
    const np = { mode: "LoadBalancer" as const, url: "http://203.0.113.5", source: { kind: "Service" as const, cluster: "prod", namespace: "shop", name: "users-lb" }, details: { directExposure: "intended" } };
    expect(status(api({ exposures: [...api().exposures, np] }))).toMatchObject({ gateway_only: "pass" });
    const unmarked = { ...np, details: {} };
    expect(status(api({ exposures: [...api().exposures, unmarked] }))).toMatchObject({ gateway_only: "fail" });
    expect(status(api({ exposures: [...api().exposures, unmarked], annotations: { "signpost.dev/direct-exposure": "intended" } }))).toMatchObject({ gateway_only: "pass" });
  });

  it("levels follow the required checks and extra checks from the configuration", () => {
    const config = ZScorecardConfig.parse({
      required: ["owner", "https"],
      levels: [{ name: "ready", min: 1 }, { name: "almost", min: 0.5 }],
      belowLevels: "not-ready",
      checks: [{ id: "tier", title: "Tier", label: "tier", equals: "critical", required: true }],
    });
    const card = scorecardOf(api({ labels: { tier: "low" } }), { contract: NO_CONTRACT, config });
    expect(card.checks.find((c) => c.id === "tier")).toMatchObject({ status: "fail", required: true, reason: 'The label tier is "low", not "critical".' });
    expect(card.checks.find((c) => c.id === "auth")).toMatchObject({ required: false });
    expect(card).toMatchObject({ level: "almost", passed: 2, required: 3 });
    expect(scorecardOf(api({ labels: { tier: "critical" } }), { contract: NO_CONTRACT, config }).level).toBe("ready");
    expect(scorecardOf(api({ team: null, proxyUrl: "http://x", labels: {} }), { contract: NO_CONTRACT, config }).level).toBe("not-ready");
  });

  it("the configuration refuses what it cannot mean", () => {
    expect(ZScorecardConfig.safeParse({ required: ["nope"] }).success).toBe(false);
    expect(ZScorecardConfig.safeParse({ checks: [{ id: "auth", title: "x", label: "y" }] }).error?.issues[0].message).toContain("must not reuse a built-in id");
    expect(ZScorecardConfig.safeParse({ checks: [{ id: "x", title: "x" }] }).error?.issues[0].message).toBe("give exactly one of label or annotation");
    expect(ZScorecardConfig.safeParse({ levels: [{ name: "a", min: 0.5 }, { name: "b", min: 0.9 }] }).error?.issues[0].message).toContain("highest min down");
    expect(ZScorecardConfig.safeParse({ checks: [{ id: "x", title: "x", label: "y" }, { id: "x", title: "z", label: "w" }] }).error?.issues[0].message).toBe("check ids must be unique");
  });
});
