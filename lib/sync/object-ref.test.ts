import { describe, expect, it } from "vitest";
import { bytesOf } from "../../tests/helpers/heap-bytes";
import type { IndexObject } from "../catalog/catalog-index";
import { compacted } from "./object-ref";

const COUNT = 20_000;

/** A Service as a cluster of many microservices has it: cluster, namespace and labels repeat. */
function service(i: number): IndexObject {
  return {
    kind: "Service",
    obj: {
      cluster: "production-eu-west-1-primary",
      namespace: `payments-platform-${i % 10}`,
      name: `service-number-${String(i).padStart(6, "0")}`,
      uid: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      type: "ClusterIP",
      clusterIP: "10.96.0.1",
      externalIPs: [],
      ports: [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP" }],
      labels: { "app.kubernetes.io/part-of": "payments-platform-checkout", "app.kubernetes.io/managed-by": "helm-release-manager" },
      annotations: {},
      loadBalancer: [],
    },
  } as IndexObject;
}

describe("compacted", () => {
  it("gives back the object as it was", () => {
    const o = service(7);
    expect(compacted(o)).toEqual(o);
  });

  it("shares the strings objects have in common: the index holds one copy of a cluster, namespace or label value", () => {
    const parsedOnly = bytesOf(() => Array.from({ length: COUNT }, (_, i) => JSON.parse(JSON.stringify(service(i).obj))));
    const interned = bytesOf(() => Array.from({ length: COUNT }, (_, i) => compacted(service(i)).obj));
    // cluster, namespace and two label values: four 40-56-byte copies per object, less the
    // wrapper compacted() returns
    expect((parsedOnly - interned) / COUNT).toBeGreaterThan(120);
  });
});
