// The proxy URL of a NodePort Service on nodes of mixed kinds: as on a real cluster where some
// nodes have an external address and some only an internal one.
import { describe, expect, it } from "vitest";
import { CatalogIndex } from "./catalog-index";
import { exampleService } from "./testing/example";
import type { NodeInfo } from "./types";

const node = (name: string, internal: string, external?: string): NodeInfo => ({ cluster: "sandbox", name, internalIPs: [internal], externalIPs: external ? [external] : [] });

function nodePortApi(nodes: NodeInfo[]) {
  const index = new CatalogIndex();
  for (const n of nodes) index.upsert({ kind: "Node", obj: n });
  const svc = exampleService("usermgr", "-nodeport");
  index.upsert({ kind: "Service", obj: svc });
  const [api] = index.flush().upserted;
  return api;
}

describe("NodePort exposures", () => {
  it("prefer a node's external address to another node's internal one, whatever the URLs' order", () => {
    // 10.x sorts before 203.x as text; the external address is still the proxy URL
    const api = nodePortApi([node("node-a", "10.1.0.21", "203.0.113.21"), node("node-b", "10.1.0.22")]);
    expect(api.exposures.filter((e) => e.mode === "NodePort").map((e) => [e.details.node, e.details.addressType, e.url])).toEqual([
      ["node-a", "ExternalIP", "http://203.0.113.21:30080"],
      ["node-b", "InternalIP", "http://10.1.0.22:30080"],
    ]);
    expect(api.proxyUrl).toBe("http://203.0.113.21:30080");
  });

  it("order nodes of the same kind by name (docs/catalog-rules.md)", () => {
    const api = nodePortApi([node("node-b", "10.1.0.2", "203.0.113.2"), node("node-a", "10.1.0.9", "203.0.113.9")]);
    expect(api.exposures.filter((e) => e.mode === "NodePort").map((e) => e.details.node)).toEqual(["node-a", "node-b"]);
    expect(api.proxyUrl).toBe("http://203.0.113.9:30080");
  });
});
