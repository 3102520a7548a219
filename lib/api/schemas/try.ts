// Try it: the request (a path below the API's address) and what came back.
import { z } from "zod";

export const ZTryRequest = z.object({
  path: z.string().min(1).max(2048).default("/").meta({ description: "Path (and query) below the API's gateway address, e.g. /42?verbose=1" }),
}).strict();

export const ZTryResult = z.object({
  request: z.object({ method: z.literal("GET"), url: z.string(), gateway: z.string() }),
  status: z.number().int(),
  latencyMs: z.number().int(),
  answeredBy: z
    .object({ service: z.string().optional(), pod: z.string().optional(), namespace: z.string().optional(), server: z.string().optional(), upstreamLatencyMs: z.number().optional() })
    .nullable()
    .meta({ description: "Who answered: the pod (sandbox pods name service and pod), the server header, the upstream latency Kong measured" }),
  headers: z.record(z.string(), z.string()),
  body: z.string().meta({ description: "The first 2048 bytes of the answer" }),
  bodyTruncated: z.boolean(),
});
export type TTryResult = z.infer<typeof ZTryResult>;
