import { describe, expect, it } from "vitest";
import { draftBody } from "./registration-draft";
import { draftFromRegistration, editedBody } from "./registration-edit";

const stored = {
  name: "orders-v2",
  microservice: "ordermgr",
  team: "shop",
  upstream: { service: { cluster: "sandbox", namespace: "shop", name: "ordermgr", port: 80 } },
  route: { paths: ["/v2/orders"], hosts: ["api.shop.example"], methods: ["GET", "POST"], stripPath: false },
  gateway: "kong",
  plugins: [{ name: "rate-limiting", config: { minute: 5 } }],
  probePath: "/healthz",
};

describe("editing a registration", () => {
  it("prefills the form from the stored body, and an unchanged form gives the stored body back", () => {
    const d = draftFromRegistration({ gateway: "kong", name: "orders-v2", spec: stored });
    expect(d).toMatchObject({ name: "orders-v2", microservice: "ordermgr", team: "shop", upstreamKind: "service", port: "80", paths: ["/v2/orders"], hosts: "api.shop.example", methods: ["GET", "POST"], stripPath: false, gateway: "kong", probePath: "/healthz" });
    expect(editedBody(stored, draftBody(d, "kong"))).toEqual(stored);
  });

  it("replaces what the form changed, drops what it cleared, and keeps what it does not show", () => {
    const d = { ...draftFromRegistration({ gateway: "kong", name: "orders-v2", spec: stored }), team: "", hosts: "", paths: ["/v3/orders"], methods: [], probePath: "" };
    expect(editedBody(stored, draftBody(d, "kong"))).toEqual({
      name: "orders-v2",
      microservice: "ordermgr",
      upstream: stored.upstream,
      route: { paths: ["/v3/orders"], stripPath: false },
      gateway: "kong",
      plugins: stored.plugins,
    });
  });

  it("prefills a URL upstream", () => {
    const d = draftFromRegistration({ gateway: "kong", name: "x", spec: { name: "x", upstream: { url: "http://x.internal:8080" }, route: { paths: ["/x"] } } });
    expect(d).toMatchObject({ upstreamKind: "url", url: "http://x.internal:8080", service: null, stripPath: true });
  });
});
