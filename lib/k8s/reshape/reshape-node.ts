// v1 Node -> NodeInfo (only its addresses: heartbeats and conditions do not change the catalog).
import { z } from "zod";
import type { NodeInfo } from "../../catalog/types";
import { parseWith, ZMeta, type ReshapeResult } from "./common";

const ZNode = z.object({
  metadata: ZMeta,
  status: z.object({ addresses: z.array(z.object({ type: z.string(), address: z.string() })).nullish() }).nullish(),
});

/** Reshapes a Node of `cluster`. */
export function reshapeNode(cluster: string, raw: unknown): ReshapeResult<NodeInfo> {
  return parseWith(ZNode, raw, "Node", (n) => {
    const addrs = n.status?.addresses ?? [];
    return {
      cluster,
      name: n.metadata.name,
      internalIPs: addrs.filter((a) => a.type === "InternalIP").map((a) => a.address),
      externalIPs: addrs.filter((a) => a.type === "ExternalIP").map((a) => a.address),
    };
  });
}
