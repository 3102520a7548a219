// Where an API's documentation and runbook live, read from its annotations (the a8r.io
// convention). The docs check reads links through this one function only.
type Annotated = { annotations: Record<string, string> };

/** The documentation and runbook links of an API ({kind, value}), in that order. */
export function docLinksOf(api: Annotated): { kind: "documentation" | "runbook"; value: string }[] {
  const out: { kind: "documentation" | "runbook"; value: string }[] = [];
  for (const kind of ["documentation", "runbook"] as const) {
    const value = api.annotations[`a8r.io/${kind}`]?.trim();
    if (value) out.push({ kind, value });
  }
  return out;
}
