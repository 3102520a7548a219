import { EntityTable } from "./entity-table";
import { SCHEMAS } from "./schemas/index";
import { ENTITY_KINDS, type Entity, type EntityKind } from "./types";
import { uuidV4 } from "./uuid";

const preciseNow = () => performance.timeOrigin + performance.now();

/** All entities of one workspace (open source Kong has exactly one, "default"). */
export class WorkspaceData {
  readonly tables: Record<EntityKind, EntityTable>;
  /** Expiry (epoch ms) of rows written with a ttl (schema.ttl kinds only). */
  private readonly expiry = new Map<string, number>();

  constructor(
    readonly name: string,
    readonly id: string = uuidV4(),
  ) {
    this.tables = Object.fromEntries(ENTITY_KINDS.map((k) => [k, new EntityTable()])) as Record<EntityKind, EntityTable>;
  }

  /** A kind's rows; rows whose ttl ran out are gone, as Postgres' `ttl >= now` filter hides them. */
  table(kind: EntityKind): EntityTable {
    if (this.expiry.size > 0 && SCHEMAS[kind].ttl) this.purgeExpired(kind);
    return this.tables[kind];
  }

  /** Sets (seconds > 0) or clears (null, 0) the time to live of a row. */
  setTtl(id: string, seconds: number | null, now = preciseNow()): void {
    if (seconds) this.expiry.set(id, now + seconds * 1000);
    else this.expiry.delete(id);
  }

  /**
   * Whole seconds left, floored as Postgres' FLOOR(ttl - CURRENT_TIMESTAMP) does; the clock is
   * sub-millisecond, so a row read right after a 10 s write shows 9, as on Kong.
   */
  ttlOf(id: string, now = preciseNow()): number | null {
    const at = this.expiry.get(id);
    return at === undefined ? null : Math.max(0, Math.floor((at - now) / 1000));
  }

  private purgeExpired(kind: EntityKind): void {
    const now = preciseNow();
    for (const [id, at] of this.expiry) {
      if (at > now || !this.tables[kind].has(id)) continue;
      this.tables[kind].delete(id);
      this.expiry.delete(id);
    }
  }

  isEmpty(): boolean {
    return ENTITY_KINDS.every((k) => this.tables[k].size === 0);
  }

  /** Plain JSON for persistence. */
  toJSON(): { name: string; id: string; entities: Record<EntityKind, Entity[]>; expiry?: Record<string, number> } {
    const entities = Object.fromEntries(ENTITY_KINDS.map((k) => [k, [...this.tables[k].sorted()]])) as Record<EntityKind, Entity[]>;
    return { name: this.name, id: this.id, entities, ...(this.expiry.size ? { expiry: Object.fromEntries(this.expiry) } : {}) };
  }

  static fromJSON(json: { name: string; id: string; entities: Partial<Record<EntityKind, Entity[]>>; expiry?: Record<string, number> }): WorkspaceData {
    const ws = new WorkspaceData(json.name, json.id);
    for (const k of ENTITY_KINDS) for (const e of json.entities[k] ?? []) ws.tables[k].set(e);
    for (const [id, at] of Object.entries(json.expiry ?? {})) ws.expiry.set(id, at);
    return ws;
  }
}
