// What `apply` would change: the file's entries within the selection against the registrations
// the server has. Pure, so the rules (normalisation, selection, prune scope) are unit-tested.
import crypto from "node:crypto";
import type { TRegistrationRecord } from "../../lib/api/schemas/registration-record";
import { normalizeRegistration, type CanonicalRegistration } from "./normalize-registration";
import { matchesSelection, type Selection } from "./selection";

/** A changed field, by dotted path. */
export type FieldChange = { path: string; before: unknown; after: unknown };

/** One step of a plan. */
export type PlanChange =
  | { action: "create"; gateway: string; name: string; spec: CanonicalRegistration; index: number; contract?: string }
  | { action: "update"; gateway: string; name: string; spec: CanonicalRegistration; index: number; fields: FieldChange[]; contract?: string }
  | { action: "delete"; gateway: string; name: string; origin: string };

/** The plan: deletions first (so a route can move to a new name), then updates, then creations. */
export type Plan = { changes: PlanChange[]; unchanged: number; outsideSelection: number };

/** A file entry with its gateway decided. */
export type DesiredEntry = { index: number; gateway: string; spec: unknown };

/** sha256 (hex) of a contract's text as the server hashes its bytes. */
export function contractHash(text: string): string {
  return crypto.createHash("sha256").update(text, "utf8").digest("hex");
}

/** The contract text of an entry (`spec`: read from its file by the CLI, or an inline document). */
function contractOf(spec: unknown): string | undefined {
  const c = (spec as { spec?: unknown } | null)?.spec;
  if (c === undefined) return undefined;
  return typeof c === "string" ? c : JSON.stringify(c, null, 2);
}

/** Registrations Signpost made on request; only these may be pruned (never annotation ones). */
export const PRUNABLE_ORIGINS = ["cli", "rest", "form", "mcp"] as const;

/** Thrown when an entry would take over a registration that a Kubernetes annotation owns. */
export class PlanConflict extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(message);
    this.name = "PlanConflict";
  }
}

/**
 * Plans `desired` against `existing`.
 * @param pruneScope when set, pruning is further limited to registrations matching it
 */
export function computePlan(o: { desired: DesiredEntry[]; existing: TRegistrationRecord[]; selection: Selection; prune: boolean; pruneScope?: Selection }): Plan {
  const existing = new Map(o.existing.map((r) => [`${r.gateway}/${r.name}`, r]));
  const creates: PlanChange[] = [];
  const updates: PlanChange[] = [];
  let unchanged = 0;
  let outsideSelection = 0;
  for (const d of o.desired) {
    const want = normalizeRegistration(d.spec, d.gateway);
    const contract = contractOf(d.spec);
    if (!matchesSelection(o.selection, want)) {
      outsideSelection++;
      continue;
    }
    const have = existing.get(`${d.gateway}/${want.name}`);
    if (!have) {
      creates.push({ action: "create", gateway: d.gateway, name: want.name, spec: want, index: d.index, ...(contract !== undefined ? { contract } : {}) });
      continue;
    }
    if (have.origin === "annotation") {
      throw new PlanConflict(d.index, `"${want.name}" on gateway "${d.gateway}" is registered by a Kubernetes annotation (signpost.dev/register); change the annotation, or choose another name`);
    }
    const fields = diffFields(normalizeRegistration(have.spec, have.gateway), want);
    // The contract is compared by hash: the server keeps the document, not the registration.
    if (contract !== undefined && contractHash(contract) !== have.contractHash) {
      fields.push({ path: "spec", before: have.contractHash?.slice(0, 12) ?? null, after: contractHash(contract).slice(0, 12) });
    }
    if (fields.length) updates.push({ action: "update", gateway: d.gateway, name: want.name, spec: want, index: d.index, fields, ...(contract !== undefined ? { contract } : {}) });
    else unchanged++;
  }
  const declared = new Set(o.desired.map((d) => `${d.gateway}/${normalizeRegistration(d.spec, d.gateway).name}`));
  const deletes: PlanChange[] = !o.prune
    ? []
    : o.existing
        .filter((r) => (PRUNABLE_ORIGINS as readonly string[]).includes(r.origin))
        .filter((r) => !declared.has(`${r.gateway}/${r.name}`))
        .filter((r) => {
          const item = { team: r.spec.team, microservice: r.spec.microservice, gateway: r.gateway };
          return matchesSelection(o.selection, item) && (!o.pruneScope || matchesSelection(o.pruneScope, item));
        })
        .map((r) => ({ action: "delete", gateway: r.gateway, name: r.name, origin: r.origin }));
  return { changes: [...deletes, ...updates, ...creates], unchanged, outsideSelection };
}

/** The leaf fields that differ between two canonical registrations (lists compare whole). */
export function diffFields(before: unknown, after: unknown, prefix = ""): FieldChange[] {
  const isObj = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
  if (isObj(before) && isObj(after)) {
    const b = before as Record<string, unknown>;
    const a = after as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
    return keys.flatMap((k) => diffFields(b[k], a[k], prefix ? `${prefix}.${k}` : k));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path: prefix, before, after }];
}
