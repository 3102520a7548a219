// Shared zod pieces for reading Kubernetes objects: tolerant of fields Signpost does not use,
// strict about the ones it does.
import { z } from "zod";

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

export const ZStringMap = z
  .record(z.string(), z.unknown())
  .nullish()
  .transform((m) => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(m ?? {})) if (typeof v === "string" && k !== LAST_APPLIED) out[k] = v;
    return out;
  });

export const ZMeta = z.object({
  name: z.string().min(1),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  labels: ZStringMap,
  annotations: ZStringMap,
});

export const ZLbIngress = z
  .array(z.object({ ip: z.string().nullish(), hostname: z.string().nullish() }))
  .nullish()
  .transform((list) =>
    (list ?? []).map((a) => ({ ...(a.ip ? { ip: a.ip } : {}), ...(a.hostname ? { hostname: a.hostname } : {}) })).filter((a) => a.ip || a.hostname),
  );

export type ReshapeResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses with a schema; on failure, one line naming the field and the object. */
export function parseWith<S extends z.ZodType, T>(
  schema: S,
  raw: unknown,
  kind: string,
  build: (v: z.infer<S>) => T,
): ReshapeResult<T> {
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    const meta = (raw as { metadata?: { namespace?: string; name?: string } } | null)?.metadata;
    const id = meta?.name ? `${meta.namespace ? meta.namespace + "/" : ""}${meta.name}` : "(unnamed)";
    // Names come from the source: cut them so one odd object cannot flood logs and status rows.
    const shown = typeof id === "string" && id.length > 120 ? `${id.slice(0, 117)}...` : String(id);
    return { ok: false, error: `${kind} ${shown}: ${issue.path.join(".").slice(0, 200) || "object"}: ${issue.message.slice(0, 300)}` };
  }
  try {
    return { ok: true, value: build(r.data) };
  } catch (err) {
    return { ok: false, error: `${kind}: ${(err as Error).message.slice(0, 300)}` };
  }
}
