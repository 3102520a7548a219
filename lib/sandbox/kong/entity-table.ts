import type { Entity } from "./types";

/** One collection of one workspace: rows by id, with an id-ordered view cached between writes. */
export class EntityTable {
  private readonly rows = new Map<string, Entity>();
  private sortedCache: Entity[] | null = null;

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
    this.rows.set(entity.id, entity);
    this.sortedCache = null;
  }

  delete(id: string): boolean {
    this.sortedCache = null;
    return this.rows.delete(id);
  }

  clear(): void {
    this.rows.clear();
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
}
