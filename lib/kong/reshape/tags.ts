// Tags as Kong stores them, read as key:value pairs (split at the first colon).

export const SIGNPOST_TAG = "signpost-managed";
export const KIC_SELECT_TAG = "managed-by-ingress-controller";

/** Parses `prefix:value` tags into a map (first occurrence wins); plain tags map to "". */
export function tagMap(tags: string[] | null | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of tags ?? []) {
    const i = t.indexOf(":");
    const k = i < 0 ? t : t.slice(0, i);
    if (!out.has(k)) out.set(k, i < 0 ? "" : t.slice(i + 1));
  }
  return out;
}

/** The tags Signpost puts on what it registers. Values are validated labels (no `,` or `/`). */
export function signpostTags(reg: { name: string; microservice?: string | null; team?: string | null }): string[] {
  return [
    SIGNPOST_TAG,
    `signpost-api:${reg.name}`,
    ...(reg.microservice ? [`signpost-microservice:${reg.microservice}`] : []),
    ...(reg.team ? [`signpost-team:${reg.team}`] : []),
  ];
}
