import type { Entity } from "./types";

/** The value a field is indexed under: the id of a foreign reference, else the primitive itself. */
function indexValue(v: unknown): unknown {
  if (v && typeof v === "object" && "id" in (v as Record<string, unknown>)) return (v as { id: unknown }).id;
  return v;
}

/**
 * One collection of one workspace: rows by id, an id-ordered view cached between writes, and
 * field indexes built on first use (lookups by name, unique checks and foreign keys stay O(1)
 * as the gateway grows to tens of thousands of entities).
 */
export class EntityTable {
  private readonly rows = new Map<string, Entity>();
  private sortedCache: Entity[] | null = null;
  private readonly indexes = new Map<string, Map<unknown, Set<string>>>();

  get size(): number {
    return this.rows.size;
  }

  get(id: string): Entity | undefined {
    return this.rows.get(id);
  }

  has(id: string): boolean {
    return this.rows.has(id);
  }

  set(entity: Entity): void {
    const prev = this.rows.get(entity.id);
    if (prev) this.unindex(prev);
    this.rows.set(entity.id, entity);
    this.indexEntity(entity);
    this.sortedCache = null;
  }

  delete(id: string): boolean {
    const prev = this.rows.get(id);
    if (!prev) return false;
    this.unindex(prev);
    this.sortedCache = null;
    return this.rows.delete(id);
  }

  clear(): void {
    this.rows.clear();
    this.indexes.clear();
    this.sortedCache = null;
  }

  /** Rows in primary-key order, which is Kong's (Postgres) page order. */
  sorted(): readonly Entity[] {
    this.sortedCache ??= [...this.rows.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return this.sortedCache;
  }

  find(predicate: (e: Entity) => boolean): Entity | undefined {
    for (const e of this.rows.values()) if (predicate(e)) return e;
    return undefined;
  }

  filter(predicate: (e: Entity) => boolean): Entity[] {
    return this.sorted().filter(predicate);
  }

  /** Rows whose `field` equals `value` (a foreign reference matches by its id). */
  where(field: string, value: unknown): Entity[] {
    const ids = this.index(field).get(indexValue(value));
    return ids ? [...ids].map((id) => this.rows.get(id)!) : [];
  }

  private index(field: string): Map<unknown, Set<string>> {
    let idx = this.indexes.get(field);
    if (!idx) {
      idx = new Map();
      this.indexes.set(field, idx);
      for (const e of this.rows.values()) add(idx, indexValue(e[field]), e.id);
    }
    return idx;
  }

  private indexEntity(e: Entity): void {
    for (const [field, idx] of this.indexes) add(idx, indexValue(e[field]), e.id);
  }

  private unindex(e: Entity): void {
    for (const [field, idx] of this.indexes) {
      const key = indexValue(e[field]);
      const set = idx.get(key);
      set?.delete(e.id);
      if (set?.size === 0) idx.delete(key);
    }
  }
}

function add(idx: Map<unknown, Set<string>>, key: unknown, id: string): void {
  if (key === null || key === undefined) return;
  let set = idx.get(key);
  if (!set) {
    set = new Set();
    idx.set(key, set);
  }
  set.add(id);
}
