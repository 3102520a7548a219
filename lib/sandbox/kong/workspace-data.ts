import { EntityTable } from "./entity-table";
import { ENTITY_KINDS, type Entity, type EntityKind } from "./types";
import { uuidV4 } from "./uuid";

/** All entities of one workspace (open source Kong has exactly one, "default"). */
export class WorkspaceData {
  readonly tables: Record<EntityKind, EntityTable>;

  constructor(
    readonly name: string,
    readonly id: string = uuidV4(),
  ) {
    this.tables = Object.fromEntries(ENTITY_KINDS.map((k) => [k, new EntityTable()])) as Record<EntityKind, EntityTable>;
  }

  table(kind: EntityKind): EntityTable {
    return this.tables[kind];
  }

  isEmpty(): boolean {
    return ENTITY_KINDS.every((k) => this.tables[k].size === 0);
  }

  /** Plain JSON for persistence. */
  toJSON(): { name: string; id: string; entities: Record<EntityKind, Entity[]> } {
    const entities = Object.fromEntries(ENTITY_KINDS.map((k) => [k, [...this.tables[k].sorted()]])) as Record<EntityKind, Entity[]>;
    return { name: this.name, id: this.id, entities };
  }

  static fromJSON(json: { name: string; id: string; entities: Partial<Record<EntityKind, Entity[]>> }): WorkspaceData {
    const ws = new WorkspaceData(json.name, json.id);
    for (const k of ENTITY_KINDS) for (const e of json.entities[k] ?? []) ws.tables[k].set(e);
    return ws;
  }
}
