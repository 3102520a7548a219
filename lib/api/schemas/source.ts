// REST shape of a source (a cluster or a gateway) and its freshness.
import { z } from "zod";

export const ZSourceState = z.enum(["syncing", "live", "degraded", "unreachable", "stopped"]).meta({ id: "SourceState" });

export const ZSource = z
  .object({
    kind: z.enum(["cluster", "gateway"]),
    name: z.string(),
    endpoint: z.string().nullable(),
    state: ZSourceState.meta({ description: "As last reported by the worker; 'stale' information shows in workerSeenAt" }),
    lastEventAt: z.iso.datetime().nullable().meta({ description: "Last change seen from the source" }),
    lastFullSyncAt: z.iso.datetime().nullable().meta({ description: "Last complete list (cluster) or poll (gateway)" }),
    lastError: z.string().nullable(),
    lastErrorAt: z.iso.datetime().nullable(),
    counts: z.record(z.string(), z.number()),
    heldDeletion: z
      .object({ since: z.string(), count: z.number(), total: z.number(), share: z.number(), byKind: z.record(z.string(), z.number()), sample: z.array(z.string()) })
      .nullable()
      .meta({ description: "A relist that would remove too many objects, held until confirmed or the grace period passes" }),
    info: z.record(z.string(), z.unknown()),
    workerSeenAt: z.iso.datetime().nullable().meta({ description: "When the syncing worker last reported; old means no worker is running" }),
    resyncRequestedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "Source" });
export type TSource = z.infer<typeof ZSource>;

export const ZSourceList = z.object({ data: z.array(ZSource) }).meta({ id: "SourceList" });

export const ZSourceParams = z.object({ kind: z.enum(["cluster", "gateway"]), name: z.string().min(1).max(253) });
