import { describe, expect, it } from "vitest";
import { createFaults } from "./faults";
import { startSandboxGateway } from "./start-sandbox-gateway";

describe("fault rules", () => {
  it("count matching requests: afterRequests pass, then `times` get the action", () => {
    const f = createFaults();
    f.add({ method: "get", pathPrefix: "/services", afterRequests: 2, times: 2, action: { type: "status", status: 500 } });
    const seq = Array.from({ length: 6 }, () => f.pick("GET", "/services")?.type ?? "pass");
    expect(seq).toEqual(["pass", "pass", "status", "status", "pass", "pass"]);
    expect(f.pick("POST", "/services")).toBeNull();
    expect(f.pick("GET", "/routes")).toBeNull();
  });
  it("the first rule in its window acts; later rules still count", () => {
    const f = createFaults();
    f.add([{ times: 1, action: { type: "hang" } }, { afterRequests: 1, action: { type: "reset" } }]);
    expect([f.pick("GET", "/"), f.pick("GET", "/")]).toEqual([{ type: "hang" }, { type: "reset" }]);
  });
  it("waitForRequests resolves on the request that completes the count", async () => {
    const f = createFaults();
    f.record("GET", "/services?size=1");
    const waiting = f.waitForRequests(2, { pathPrefix: "/services" });
    f.record("GET", "/routes");
    f.record("POST", "/services");
    expect((await waiting).map((r) => r.method)).toEqual(["GET", "POST"]);
  });
  it("the request log holds the status each request was answered with, a fault's included", async () => {
    const gw = await startSandboxGateway({ mode: "dbless" });
    try {
      gw.faults.add({ pathPrefix: "/routes", action: { type: "status", status: 503 } });
      for (const p of ["/status", "/no-such-endpoint", "/routes", "/_sandbox/faults"]) await (await fetch(`${gw.url}${p}`)).arrayBuffer();
      expect(gw.faults.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
        "GET /status 200", "GET /no-such-endpoint 404", "GET /routes 503",
      ]);
    } finally {
      await gw.stop();
    }
  });
});
