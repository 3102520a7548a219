import { describe, expect, it } from "vitest";
import type { TApi } from "@/lib/api/schemas/api";
import { envVarName } from "./consume-api";
import { exposureSummary, pluginBadges } from "./exposure-summary";

type E = TApi["exposures"][number];
const gw = (plugins: string[]): E => ({ mode: "Gateway", url: "http://gw/x", status: "ready", source: { kind: "KongRoute", cluster: "kong", namespace: null, name: "x" }, details: { gateway: "kong", plugins, methods: ["GET"], stripPath: true } });

describe("exposure summaries", () => {
  it("sorts plugins into auth, rate limiting and the rest", () => {
    const api = { exposures: [gw(["key-auth", "rate-limiting"]), gw(["cors", "jwt"])] } as TApi;
    expect(pluginBadges(api)).toEqual([
      { name: "cors", category: "plugin" },
      { name: "jwt", category: "auth" },
      { name: "key-auth", category: "auth" },
      { name: "rate-limiting", category: "rate limiting" },
    ]);
  });

  it("says where an exposure comes from and what matters to a caller", () => {
    expect(exposureSummary(gw([]))).toBe("KongRoute x · gateway kong · methods GET · strips the path");
    const pending: E = { mode: "LoadBalancer", url: null, status: "pending", source: { kind: "Service", cluster: "c", namespace: "shop", name: "lb" }, details: { port: 80, targetPort: 8080, reason: "load balancer address pending" } };
    expect(exposureSummary(pending)).toBe("Service shop/lb · port 80 → 8080 · pending: load balancer address pending");
  });

  it("names the environment variable after the API", () => {
    expect([envVarName("orders-v2"), envVarName("9lives"), envVarName("a.b")]).toEqual(["ORDERS_V2_URL", "API_9LIVES_URL", "A_B_URL"]);
  });
});
