// Property-based: odd Kubernetes and Kong objects (huge labels, unicode, missing or mistyped
// fields) never crash the sync path. Reshaping either yields a slim record or a one-line error;
// the catalog index accepts whatever reshaping yields and derives APIs without throwing.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KUBE_RESOURCES } from "../../lib/k8s/resources";
import { CatalogIndex } from "../../lib/catalog/catalog-index";
import { reshapeKongPlugin, reshapeKongRoute, reshapeKongService } from "../../lib/kong/reshape/reshape-kong";
import { ZKongPlugin, ZKongRoute, ZKongService } from "../../lib/kong/schemas";
import { stableStringify } from "../../lib/catalog/merge-contributions";

const text = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.constantFrom("", "🚀", "naïve", "a".repeat(70_000), "ns/with/slash", "-", "*"));
const labels = fc.dictionary(text, fc.oneof(text, fc.integer(), fc.constant(null)), { maxKeys: 5 });
const port = fc.oneof(fc.integer({ min: -5, max: 70_000 }), text, fc.constant(null));

/** A Kubernetes-looking object whose fields are sometimes missing, mistyped or extreme. */
const kubeObject = fc.record(
  {
    apiVersion: fc.constantFrom("v1", "networking.k8s.io/v1", "discovery.k8s.io/v1", "gateway.networking.k8s.io/v1"),
    metadata: fc.record({ name: fc.oneof(text, fc.constant(undefined)), namespace: fc.oneof(text, fc.constant(undefined)), uid: text, resourceVersion: text, labels, annotations: labels }, { requiredKeys: [] }),
    spec: fc.record(
      {
        type: fc.constantFrom("ClusterIP", "NodePort", "LoadBalancer", "ExternalName", "Weird", undefined),
        clusterIP: fc.oneof(text, fc.constant("None")),
        externalName: text,
        selector: labels,
        ports: fc.array(fc.record({ name: text, port, targetPort: port, nodePort: port, protocol: text }, { requiredKeys: [] }), { maxLength: 4 }),
        ingressClassName: text,
        rules: fc.array(
          fc.record({ host: text, http: fc.record({ paths: fc.array(fc.record({ path: text, pathType: text, backend: fc.record({ service: fc.record({ name: text, port: fc.record({ number: port, name: text }, { requiredKeys: [] }) }, { requiredKeys: [] }) }) }, { requiredKeys: [] }), { maxLength: 3 }) }) }, { requiredKeys: [] }),
          { maxLength: 3 },
        ),
        hostnames: fc.array(text, { maxLength: 3 }),
        parentRefs: fc.array(fc.record({ name: text, namespace: text, kind: text }, { requiredKeys: [] }), { maxLength: 2 }),
      },
      { requiredKeys: [] },
    ),
    status: fc.oneof(fc.constant(undefined), fc.record({ loadBalancer: fc.record({ ingress: fc.array(fc.record({ ip: text, hostname: text }, { requiredKeys: [] }), { maxLength: 2 }) }) }), fc.anything()),
    endpoints: fc.array(fc.record({ addresses: fc.array(text, { maxLength: 2 }), conditions: fc.record({ ready: fc.oneof(fc.boolean(), fc.constant(null)) }) }, { requiredKeys: [] }), { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

describe("odd Kubernetes objects", () => {
  it("reshape to a record or a one-line error, and the index derives from them without throwing", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(kubeObject, fc.anything()), { minLength: 1, maxLength: 8 }), (objects) => {
        const index = new CatalogIndex();
        for (const raw of objects) {
          for (const r of KUBE_RESOURCES) {
            const res = r.reshape("c1", raw);
            if (res.ok) {
              index.upsert(res.value);
            } else {
              expect(res.error).not.toContain("\n");
              expect(res.error.length).toBeLessThan(1000);
            }
          }
        }
        const { upserted } = index.flush();
        for (const api of upserted) {
          expect(typeof api.key).toBe("string");
          expect(stableStringify(api)).toBeTypeOf("string");
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("odd Kong entities", () => {
  const kongService = fc.record({ id: text, name: fc.oneof(text, fc.constant(null)), protocol: text, host: text, port: fc.integer({ min: 0, max: 65_535 }), path: fc.oneof(text, fc.constant(null)), tags: fc.oneof(fc.array(text, { maxLength: 6 }), fc.constant(null)), enabled: fc.boolean() }, { requiredKeys: ["id", "protocol", "host", "port"] });
  const kongRoute = fc.record({ id: text, name: fc.oneof(text, fc.constant(null)), paths: fc.oneof(fc.array(text, { maxLength: 3 }), fc.constant(null)), hosts: fc.oneof(fc.array(text, { maxLength: 3 }), fc.constant(null)), methods: fc.oneof(fc.array(text), fc.constant(null)), tags: fc.oneof(fc.array(text, { maxLength: 6 }), fc.constant(null)), service: fc.oneof(fc.record({ id: text }), fc.constant(null)), protocols: fc.oneof(fc.array(text), fc.constant(null)), strip_path: fc.oneof(fc.boolean(), fc.constant(null)) }, { requiredKeys: ["id"] });

  it("validate or fail cleanly, reshape, and link without throwing", () => {
    fc.assert(
      fc.property(fc.array(kongService, { maxLength: 5 }), fc.array(kongRoute, { maxLength: 5 }), fc.array(fc.anything(), { maxLength: 3 }), (services, routes, junk) => {
        const index = new CatalogIndex();
        index.setGatewaySource({ name: "gw", proxyUrl: "http://gw.example", dbless: false });
        const parsedServices = services.map((s) => ZKongService.safeParse(s)).filter((r) => r.success).map((r) => r.data!);
        for (const s of parsedServices) index.upsert({ kind: "KongService", obj: reshapeKongService("gw", s) });
        for (const r of routes) {
          const p = ZKongRoute.safeParse(r);
          if (p.success) index.upsert({ kind: "KongRoute", obj: reshapeKongRoute("gw", p.data, parsedServices.find((s) => s.id === p.data.service?.id)) });
        }
        for (const j of junk) {
          const p = ZKongPlugin.safeParse(j);
          if (p.success) index.upsert({ kind: "KongPlugin", obj: reshapeKongPlugin("gw", p.data) });
        }
        for (const api of index.flush().upserted) expect(api.managedBy).toMatch(/^(kong|signpost|kubernetes)$/);
      }),
      { numRuns: 300 },
    );
  });
});
