// Planning rules: defaults are normalised so an applied file is a no-op, the selection limits
// what is applied, and pruning touches only registrations Signpost made within its scope.
import { describe, expect, it } from "vitest";
import type { TRegistrationRecord } from "../../lib/api/schemas/registration-record";
import { contractHash, computePlan, PlanConflict, type DesiredEntry } from "./compute-plan";
import { formatPlan } from "./format-plan";
import { assignGateways } from "./assign-gateways";
import { readApplyFile } from "./read-apply-file";

const spec = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  team: "shop",
  microservice: "ordermgr",
  upstream: { service: { cluster: "sandbox", namespace: "shop", name: "ordermgr", port: 80 } },
  route: { paths: [`/${name}`], methods: ["GET"] },
  ...extra,
});

// What the server stores: the parsed body (stripPath filled in) with the gateway.
const record = (name: string, o: { origin?: TRegistrationRecord["origin"]; team?: string; gateway?: string; route?: object; contractHash?: string } = {}): TRegistrationRecord => {
  const s = spec(name, { team: o.team ?? "shop" });
  return {
    gateway: o.gateway ?? "sandbox", name, origin: o.origin ?? "cli", registeredBy: "ci", createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z", apiId: null, drift: null, contractHash: o.contractHash ?? null,
    spec: { ...s, gateway: o.gateway ?? "sandbox", route: { ...s.route, stripPath: true, ...o.route } } as TRegistrationRecord["spec"],
  };
};

const desired = (...specs: object[]): DesiredEntry[] => specs.map((s, index) => ({ index, gateway: "sandbox", spec: s }));

describe("computePlan", () => {
  it("plans nothing for what the server already has, defaults and gateway filled in", () => {
    const file = readApplyFile(`apis:\n  - name: orders-v2\n    team: shop\n    microservice: ordermgr\n    upstream: { service: { cluster: sandbox, namespace: shop, name: ordermgr, port: 80 } }\n    route: { paths: [/orders-v2], methods: [GET], hosts: [] }\n`, "f.yaml");
    const { desired: d, problems } = assignGateways(file, ["sandbox"]);
    expect(problems).toEqual([]);
    const plan = computePlan({ desired: d, existing: [record("orders-v2")], selection: {}, prune: false });
    expect(plan).toEqual({ changes: [], unchanged: 1, outsideSelection: 0 });
    expect(formatPlan(plan)).toEqual(["No changes."]);
  });

  it("creates, updates with the changed fields, and reads the plan as people would", () => {
    const plan = computePlan({
      desired: desired(spec("orders-v2"), spec("users", { route: { paths: ["/b"], methods: ["GET"], stripPath: false } })),
      existing: [record("users", { route: { paths: ["/a"] } })],
      selection: {},
      prune: false,
    });
    expect(formatPlan(plan)).toEqual([
      `~ update users (sandbox) (route.paths: ["/a"] -> ["/b"]; route.stripPath: true -> false)`,
      "+ create orders-v2 (sandbox) GET /orders-v2 -> ordermgr.shop:80",
      "",
      "Plan: 1 to create, 1 to update, 0 to delete.",
    ]);
  });

  it("applies only entries within the selection", () => {
    const plan = computePlan({ desired: desired(spec("a"), spec("b", { team: "payments" })), existing: [], selection: { team: ["payments"] }, prune: false });
    expect(plan.changes.map((c) => c.name)).toEqual(["b"]);
    expect(plan.outsideSelection).toBe(1);
  });

  it("prunes only cli/rest/form registrations within the selection and prune scope", () => {
    const existing = [
      record("kept"),
      record("old-cli"),
      record("old-rest", { origin: "rest" }),
      record("old-form", { origin: "form" }),
      record("from-annotation", { origin: "annotation" }),
      record("other-team", { team: "payments" }),
    ];
    const bySelection = computePlan({ desired: desired(spec("kept")), existing, selection: { team: ["shop"] }, prune: true });
    expect(bySelection.changes.map((c) => `${c.action} ${c.name}`)).toEqual(["delete old-cli", "delete old-rest", "delete old-form"]);
    const byScope = computePlan({ desired: desired(spec("kept")), existing, selection: {}, prune: true, pruneScope: { team: ["shop"] } });
    expect(byScope.changes.map((c) => c.name)).toEqual(["old-cli", "old-rest", "old-form"]);
    expect(computePlan({ desired: desired(spec("kept")), existing, selection: {}, prune: false }).changes).toEqual([]);
  });

  it("refuses to take over a registration made by an annotation", () => {
    expect(() => computePlan({ desired: desired(spec("x")), existing: [record("x", { origin: "annotation" })], selection: {}, prune: false })).toThrow(PlanConflict);
  });
});

describe("assignGateways", () => {
  const file = readApplyFile(`apis:\n  - name: a\n    upstream: { url: "http://a:1" }\n    route: { paths: [/a] }\n  - name: b\n    gateway: edge\n    upstream: { url: "http://b:1" }\n    route: { paths: [/b] }\n`, "f.yaml");

  it("fills in the only gateway and points at unknown ones", () => {
    expect(assignGateways(file, ["sandbox"]).problems).toEqual([`f.yaml:6:14: apis[1].gateway: unknown gateway "edge" (configured: sandbox)`]);
    expect(assignGateways(file, ["sandbox", "edge"]).problems).toEqual(["f.yaml:2:5: apis[0]: name a gateway (several are configured: sandbox, edge)"]);
    expect(assignGateways(file, ["edge"]).desired.map((d) => d.gateway)).toEqual(["edge", "edge"]);
  });

  it("a contract (spec) whose hash differs from the server's is an update of field spec; the same contract is no change", () => {
    const text = "openapi: 3.1.0\n";
    const hash = contractHash(text);
    const withSpec = (contractHashOnServer?: string) =>
      computePlan({ desired: [{ index: 0, gateway: "sandbox", spec: { ...spec("a", { team: "shop" }), spec: text } }], existing: [record("a", { contractHash: contractHashOnServer })], selection: {}, prune: false });
    expect(withSpec(hash)).toMatchObject({ changes: [], unchanged: 1 });
    const plan = withSpec("0".repeat(64));
    expect(plan.changes).toEqual([expect.objectContaining({ action: "update", name: "a", contract: text, fields: [{ path: "spec", before: "000000000000", after: hash.slice(0, 12) }] })]);
    expect(withSpec(undefined).changes[0]).toMatchObject({ fields: [{ path: "spec", before: null, after: hash.slice(0, 12) }] });
  });
});
