// The catalog's version (migration catalog_version): a number that moves with every committed
// transaction that wrote what lists, facets, counts and resolves read, by any process. Web servers
// key what they keep in memory by it (lib/catalog/cached-facets.ts, lib/resolve/resolve-cache.ts).
import crypto from "node:crypto";
import type pg from "pg";

type Queryable = Pick<pg.Pool, "query">;

const readers = new WeakMap<Queryable, VersionReader>();
function versionReaderOf(db: Queryable): VersionReader {
  let r = readers.get(db);
  if (!r) {
    const read = async () => {
      const { rows } = await db.query<{ version: string }>("SELECT version::text AS version FROM catalog_version");
      // The row deleted by hand: a value no answer was kept under, so nothing is reused until a write puts it back.
      return rows[0]?.version ?? `none:${crypto.randomUUID()}`;
    };
    readers.set(db, (r = new VersionReader(read)));
  }
  return r;
}

/** The catalog version now: it moves with every commit that wrote what lists, facets and resolves read. */
export function catalogVersion(db: Queryable): Promise<string> {
  return versionReaderOf(db).read();
}

/**
 * Reads the current catalog version (or any value that a commit changes) for concurrent callers with as few queries as is exact:
 * a caller never takes the answer of a query sent before it arrived (a commit made just before
 * would be missing from it); callers that arrive while one is in flight share the next query,
 * sent when that one ends. Under 8 concurrent list requests that is about one query in four.
 */
export class VersionReader {
  private inFlight?: Promise<string>;
  private queued?: Promise<string>;

  constructor(private readonly query: () => Promise<string>) {}

  read(): Promise<string> {
    if (this.queued) return this.queued;
    if (!this.inFlight) return this.send();
    const after = this.inFlight.then(
      () => undefined,
      () => undefined,
    );
    this.queued = after.then(() => {
      this.queued = undefined;
      return this.send();
    });
    return this.queued;
  }

  private send(): Promise<string> {
    const p = this.query();
    this.inFlight = p;
    const done = () => {
      if (this.inFlight === p) this.inFlight = undefined;
    };
    p.then(done, done);
    return p;
  }
}
