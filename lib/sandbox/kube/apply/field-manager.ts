// metadata.managedFields as the API server keeps them: every write records which manager set which
// fields (operation Update, or Apply for server-side apply), an apply takes fields from other
// managers only with force (otherwise 409 with one cause per conflicting field), an update takes
// them silently, and the fields an applier stops applying are removed unless someone else owns them.
import { nowTimestamp } from "../object-meta";
import type { Json, KubeObject } from "../types";
import { FieldSet, pathString, type FieldPath } from "./field-set";
import type { SmdType } from "./schema-types";
import { compare, findDuplicate, merge, removePaths, SchemaError, toFieldSet, type Comparison } from "./typed-walk";

/** One metadata.managedFields entry. */
export type ManagedFieldsEntry = {
  manager: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  time?: string;
  fieldsType: "FieldsV1";
  fieldsV1: Json;
  subresource?: string;
};

type Managed = { entry: Omit<ManagedFieldsEntry, "fieldsV1" | "fieldsType">; set: FieldSet };

/** Who writes and where: the manager name, the apiVersion of the request, the subresource. */
export type Writer = { manager: string; apiVersion: string; subresource?: "status" };

/** A field another manager owns with a different value (an apply conflict). */
export type FieldConflict = { manager: string; path: string; cause: string };

/** Thrown by apply without force when other managers own fields it would change. */
export class ApplyConflictError extends Error {
  constructor(readonly conflicts: FieldConflict[]) {
    super(conflictMessage(conflicts));
  }
}

// Fields never tracked (stripMeta): identity and bookkeeping of the object itself.
const STRIPPED: FieldPath[] = [["apiVersion"], ["kind"], ["metadata"], ...["name", "namespace", "creationTimestamp", "selfLink", "uid",
  "clusterName", "generation", "managedFields", "resourceVersion"].map((f) => ["metadata", f])].map((p) => p.map((f) => ({ f })));

const MAX_UPDATE_MANAGERS = 10;

/** The manager identity: Apply entries are one per manager, Update entries one per manager and apiVersion. */
function idOf(e: Managed["entry"]): string {
  return JSON.stringify([e.manager, e.operation, e.operation === "Apply" ? "" : e.apiVersion, e.subresource ?? ""]);
}

function printManager(e: Managed["entry"]): string {
  let s = JSON.stringify(e.manager);
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  if (e.operation === "Update") s += ` using ${e.apiVersion}`;
  return s;
}

function conflictMessage(cs: FieldConflict[]): string {
  if (cs.length === 1) return `Apply failed with 1 conflict: conflict with ${cs[0].manager}: ${cs[0].path}`;
  const by = new Map<string, string[]>();
  for (const c of cs) by.set(c.manager, [...(by.get(c.manager) ?? []), c.path]);
  const lines = [...by.keys()].sort().flatMap((m) => [`conflicts with ${m}:`, ...by.get(m)!.map((p) => `- ${p}`)]);
  return `Apply failed with ${cs.length} conflicts: ${lines.join("\n")}`;
}

function decode(obj: KubeObject | undefined): Map<string, Managed> {
  const out = new Map<string, Managed>();
  for (const e of (obj?.metadata?.managedFields ?? []) as ManagedFieldsEntry[]) {
    const { fieldsV1, fieldsType: _t, ...entry } = e;
    out.set(idOf(entry), { entry, set: FieldSet.fromFieldsV1(fieldsV1) });
  }
  return out;
}

/** Sorted as the API server sorts them: operation, time, manager, apiVersion, subresource. */
function encode(managed: Map<string, Managed>): ManagedFieldsEntry[] | undefined {
  const entries = [...managed.values()].filter((m) => !m.set.isEmpty()).map(({ entry, set }) => ({
    manager: entry.manager, operation: entry.operation, apiVersion: entry.apiVersion, time: entry.time,
    fieldsType: "FieldsV1" as const, fieldsV1: set.toFieldsV1(), ...(entry.subresource ? { subresource: entry.subresource } : {}),
  }));
  const secs = (t?: string) => (t ? Math.floor(Date.parse(t) / 1000) : 0);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  entries.sort((p, q) => cmp(p.operation, q.operation) || secs(p.time) - secs(q.time) || cmp(p.manager, q.manager) ||
    cmp(p.apiVersion, q.apiVersion) || cmp(p.subresource ?? "", q.subresource ?? ""));
  return entries.length ? entries : undefined;
}

/** Tracks field ownership for one kind (its schema type and whether status is a subresource). */
export class FieldManager {
  constructor(private readonly type: SmdType, private readonly hasStatus: boolean) {}

  /** Paths this write may own: status only through /status, the rest only through the main resource. */
  private filter(set: FieldSet, w: Writer): FieldSet {
    const out = new FieldSet();
    for (const p of set.paths()) {
      if (STRIPPED.some((s) => pathString(s) === pathString(p))) continue;
      const isStatus = "f" in p[0] && p[0].f === "status";
      if (this.hasStatus && (w.subresource === "status") !== isStatus) continue;
      out.insert(p);
    }
    return out;
  }

  private filtered(c: Comparison, w: Writer): Comparison {
    return { added: this.filter(c.added, w), modified: this.filter(c.modified, w), removed: this.filter(c.removed, w) };
  }

  /**
   * An update (create, PUT, any non-apply PATCH): the writer owns what it changed, taken from others
   * without conflict. `live` is the previous state, or the kind's empty object on create.
   */
  update(live: KubeObject, next: KubeObject, w: Writer, previous: KubeObject | undefined): ManagedFieldsEntry[] | undefined {
    const managed = decode(previous);
    const cmp = this.filtered(compare(strip(live), strip(next), this.type), w);
    const changed = cmp.modified.union(cmp.added);
    for (const m of managed.values()) m.set = m.set.difference(changed).difference(cmp.removed);
    if (!changed.isEmpty()) {
      const entry: Managed["entry"] = { manager: w.manager, operation: "Update", apiVersion: w.apiVersion, ...(w.subresource ? { subresource: w.subresource } : {}) };
      const mine = managed.get(idOf(entry));
      managed.set(idOf(entry), { entry: { ...entry, time: nowTimestamp() }, set: changed.union(mine?.set ?? new FieldSet()) });
    }
    return encode(capUpdateManagers(managed));
  }

  /**
   * Server-side apply of `config` onto `live` (the kind's empty object when absent): the merged
   * object and its managedFields, or ApplyConflictError.
   */
  apply(live: KubeObject, config: KubeObject, w: Writer, force: boolean): { object: KubeObject; managedFields?: ManagedFieldsEntry[] } {
    const dup = findDuplicate(config, this.type);
    if (dup) throw new SchemaError(dup);
    const managed = decode(live);
    const entry: Managed["entry"] = { manager: w.manager, operation: "Apply", apiVersion: w.apiVersion, ...(w.subresource ? { subresource: w.subresource } : {}) };
    const id = idOf(entry);
    const base = strip(live);
    let next = merge(base, strip(config), this.type) as KubeObject;
    const last = managed.get(id)?.set;
    const set = this.filter(toFieldSet(strip(config), this.type), w);
    managed.set(id, { entry: { ...entry, time: managed.get(id)?.entry.time }, set });
    if (last && !last.isEmpty()) {
      // Fields this manager applied before and applies no more go, unless another manager owns them.
      const others = [...managed.entries()].filter(([k]) => k !== id).reduce((acc, [, m]) => acc.union(m.set), new FieldSet());
      const keep = set.union(others);
      const drop = new FieldSet();
      for (const p of last.difference(keep).paths()) if (!keep.hasPrefix(p)) drop.insert(p);
      next = removePaths(next, drop, this.type) as KubeObject;
    }
    const cmp = this.filtered(compare(base, next, this.type), w);
    const changed = cmp.modified.union(cmp.added);
    const conflicts: FieldConflict[] = [];
    for (const [k, m] of managed) {
      if (k === id) continue;
      const clash = m.set.intersection(changed);
      for (const p of clash.paths()) conflicts.push({ manager: printManager(m.entry), path: pathString(p), cause: `conflict with ${printManager(m.entry)}` });
      if (force) m.set = m.set.difference(clash);
    }
    if (conflicts.length && !force) throw new ApplyConflictError(conflicts);
    for (const [k, m] of managed) if (k !== id) m.set = m.set.difference(cmp.removed);
    const mine = managed.get(id)!;
    // A no-op apply leaves the time as it was (none at all for a manager new to the object).
    if (!isSame(base, next)) mine.entry.time = nowTimestamp();
    return { object: { ...next, metadata: { ...next.metadata } }, managedFields: encode(managed) };
  }
}

function isSame(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The object without its managedFields (they are bookkeeping, not content). */
function strip(o: KubeObject): KubeObject {
  if (!o.metadata) return o;
  const { managedFields: _m, ...metadata } = o.metadata;
  return { ...o, metadata };
}

/** At most ten Update entries: the oldest are folded into one "ancient-changes" entry. */
function capUpdateManagers(managed: Map<string, Managed>): Map<string, Managed> {
  const updates = [...managed.entries()].filter(([, m]) => m.entry.operation === "Update" && !m.set.isEmpty())
    .sort(([, a], [, b]) => (a.entry.time ?? "").localeCompare(b.entry.time ?? ""));
  if (updates.length <= MAX_UPDATE_MANAGERS) return managed;
  const excess = updates.slice(0, updates.length - MAX_UPDATE_MANAGERS + 1);
  let set = new FieldSet();
  for (const [k, m] of excess) {
    set = set.union(m.set);
    managed.delete(k);
  }
  const entry: Managed["entry"] = { manager: "ancient-changes", operation: "Update", apiVersion: excess[excess.length - 1][1].entry.apiVersion };
  managed.set(idOf(entry), { entry: { ...entry, time: excess[excess.length - 1][1].entry.time }, set });
  return managed;
}
