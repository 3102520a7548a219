import { describe, expect, it } from "vitest";
import type { TApi } from "../api/schemas/api";
import { storedScorecard } from "./stored-scorecard";
import { ZScorecardConfig } from "./scorecard-config";

const api = {
  id: "00000000-0000-4000-8000-000000000001",
  name: "users",
  team: "identity",
  cluster: "prod",
  namespace: "shop",
  proxyUrl: "http://users.shop.svc.cluster.local",
  exposureMode: "ClusterIP",
  labels: {},
  annotations: {},
  readyPods: 1,
  totalPods: 3,
  exposures: [{ mode: "ClusterIP", url: "http://users.shop.svc.cluster.local", status: "ready", source: { kind: "Service", cluster: "prod", namespace: "shop", name: "users" }, details: {} }],
} as unknown as TApi;

const at = new Date("2026-12-05T18:00:00.000Z");
const noContract = { version: null, sourceUrl: null, fetchError: null };
const ids = (c: ReturnType<typeof storedScorecard>) => c!.checks.map((x) => x.id);

describe("storedScorecard", () => {
  it("is null for an API never scored", () => {
    expect(storedScorecard(api, { scoredAt: null, config: null, contract: noContract })).toBeNull();
  });

  it("writes the checks under the stored configuration, with the stored time", () => {
    const config = JSON.stringify(ZScorecardConfig.parse({ required: ["owner"], checks: [{ id: "oncall", title: "On-call", annotation: "a8r.io/oncall", required: true }] }));
    const card = storedScorecard(api, { scoredAt: at, config, contract: noContract })!;
    expect(ids(card)).toContain("oncall");
    expect(card).toMatchObject({ level: "bronze", passed: 1, required: 2, evaluatedAt: "2026-12-05T18:00:00.000Z" });
    expect(card.checks.find((c) => c.id === "endpoints")).toMatchObject({ status: "pass", reason: "1 of 3 endpoints are ready.", required: false });
  });

  it("writes them from the contract row it was given", () => {
    const card = storedScorecard(api, { scoredAt: at, config: null, contract: { version: null, sourceUrl: "https://d/x.json", fetchError: "https://d/x.json answered 404" } })!;
    expect(card.checks.find((c) => c.id === "contract")).toMatchObject({ status: "fail", reason: "Its signpost.dev/openapi-url gave no contract: https://d/x.json answered 404." });
  });

  it("falls back to the reader's own configuration when none is stored or the stored one cannot be read", () => {
    for (const config of [null, JSON.stringify({ levels: "not levels" })]) {
      const card = storedScorecard(api, { scoredAt: at, config, contract: noContract })!;
      expect(ids(card)).toEqual(["owner", "contract", "auth", "rate_limit", "https", "gateway_only", "endpoints", "docs"]);
    }
  });
});
