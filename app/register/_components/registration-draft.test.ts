import { describe, expect, it } from "vitest";
import { draftBody, initialDraft, messagesByField } from "./registration-draft";

describe("registration draft", () => {
  it("prefills a Service and port from the query and builds the registration body", () => {
    const d = { ...initialDraft({ service: "sandbox/shop/usermgr", port: "80" }), name: " users-v2 ", paths: ["/users", " "], hosts: "a.example, b.example", methods: ["GET"] };
    expect(draftBody(d, "kong")).toEqual({
      name: "users-v2",
      upstream: { service: { cluster: "sandbox", namespace: "shop", name: "usermgr", port: 80 } },
      route: { paths: ["/users"], hosts: ["a.example", "b.example"], methods: ["GET"], stripPath: true },
      gateway: "kong",
    });
    expect(draftBody({ ...d, upstreamKind: "url", url: "http://x:1" }, "").upstream).toEqual({ url: "http://x:1" });
    expect(draftBody({ ...d, probePath: " /healthz " }, "kong").probePath).toBe("/healthz");
  });

  it("puts issues and conflicts next to their fields", () => {
    const m = messagesByField(
      [{ field: "body.name", message: "bad" }, { field: "body.route.paths.1", message: "must start with /" }, { field: "body", message: "odd" }, { field: "body.probePath", message: 'must start with "/"' }],
      [{ kind: "route", message: "path /x is already routed" }, { kind: "read-only", message: "DB-less" }],
    );
    expect(m).toEqual({ name: ["bad"], paths: ["path 2: must start with /", "path /x is already routed"], other: ["odd"], gateway: ["DB-less"], probePath: ['must start with "/"'] });
  });
});
