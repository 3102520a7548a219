import crypto from "node:crypto";
import { z } from "zod";
import { KongError } from "./errors";
import { kongFetch, notJsonError } from "./kong-fetch";
import { seg } from "./kong-url";
import { invalidResponse, parseResponse } from "./parse-response";
import {
  type KongPlugin, type KongRoute, type KongService, type KongUpstream, type KongUpstreamTarget, ZKongPage, ZKongPlugin,
  ZKongRoute, ZKongService, ZKongUpstream, ZKongUpstreamTarget,
} from "./schemas";
import type { KongTarget } from "./types";
import { routeReadsService } from "./reshape/route-origin";

/** Page size used for listing: Kong's maximum. */
export const PAGE_SIZE = 1000;
/** Kong rejects tag filters with more than five tags. */
export const MAX_FILTER_TAGS = 5;

const ENTITY_SCHEMAS = {
  services: ZKongService,
  routes: ZKongRoute,
  plugins: ZKongPlugin,
  upstreams: ZKongUpstream,
} as const;

/** The collections listAll reads. */
export type ListableKind = keyof typeof ENTITY_SCHEMAS;
/** The validated entity type of each collection. */
export type KongEntityOf = { services: KongService; routes: KongRoute; plugins: KongPlugin; upstreams: KongUpstream };

/** Tag filter: all tags ("and", Kong's `a,b`) or any of them ("or", `a/b`). */
export type ListOptions = { tags?: readonly string[]; mode?: "and" | "or"; signal?: AbortSignal; /** awaited before each page is requested */ beforePage?: () => Promise<void> };

/** Builds Kong's ?tags= value; throws for tags Kong could not filter on. */
export function tagsQuery(tags: readonly string[] | undefined, mode: "and" | "or" = "and"): string | undefined {
  if (!tags || tags.length === 0) return undefined;
  if (tags.length > MAX_FILTER_TAGS) throw new RangeError(`Kong filters on at most ${MAX_FILTER_TAGS} tags (got ${tags.length})`);
  for (const t of tags) {
    if (t === "" || t.includes(",") || t.includes("/")) throw new RangeError(`tag ${JSON.stringify(t)} cannot be used in a Kong tag filter`);
  }
  return tags.join(mode === "and" ? "," : "/");
}

async function collectPages<S extends z.ZodType, R = z.output<S>>(
  target: KongTarget,
  path: string,
  schema: S,
  tags: string | undefined,
  signal?: AbortSignal,
  keep: (e: z.output<S>) => R | undefined = (e) => e as R,
  beforePage?: () => Promise<void>,
): Promise<R[]> {
  const out: R[] = [];
  const seen = new Set<string>();
  let offset: string | undefined;
  const pageSchema = ZKongPage.extend({ data: z.array(schema) });
  do {
    await beforePage?.();
    // Like go-kong: read `offset` (not `next`) and send size, tags and offset again on every page.
    const res = await kongFetch(target, { path, query: { size: PAGE_SIZE, tags, offset }, signal });
    const page = parseResponse(target, pageSchema, res.body, { method: "GET", path });
    for (const e of page.data as z.output<S>[]) {
      const kept = keep(e);
      if (kept !== undefined) out.push(kept);
    }
    offset = await nextOffset(target, path, page.offset, seen);
  } while (offset !== undefined);
  return out;
}

/** The offset of the page after one that carried `offset`; throws when pagination loops. */
async function nextOffset(target: KongTarget, path: string, offset: string | null | undefined, seen: Set<string>): Promise<string | undefined> {
  if (offset === null || offset === undefined) return undefined;
  if (seen.has(offset)) {
    throw new KongError({
      gateway: target.name, kind: "invalid-response", method: "GET", path,
      detail: `unexpected response to GET ${path}: pagination repeated an offset`,
    });
  }
  seen.add(offset);
  // a huge collection is read in slices: other work of the process runs between its pages
  await new Promise((r) => setImmediate(r));
  return offset;
}

/** Every entity of a collection, across all pages; throws rather than return a partial list. */
export async function listAll<K extends ListableKind>(
  target: KongTarget,
  kind: K,
  opts: ListOptions = {},
): Promise<KongEntityOf[K][]> {
  const schema = ENTITY_SCHEMAS[kind] as unknown as z.ZodType<KongEntityOf[K]>;
  return collectPages(target, `/${kind}`, schema, tagsQuery(opts.tags, opts.mode), opts.signal);
}

/**
 * What `keep` makes of every entity of a collection (those it returns undefined for are left
 * out), page by page: the entities of a page are garbage as soon as it is read. The prober reads
 * the 100k upstreams of a 100k-API gateway every round; held whole until the last page, they
 * lived long enough to reach the old generation, and its collections stopped the worker for up to
 * a second (docs/benchmarks.md, twelfth round).
 */
export async function listAllKept<K extends ListableKind, R>(
  target: KongTarget,
  kind: K,
  keep: (e: KongEntityOf[K]) => R | undefined,
  opts: ListOptions = {},
): Promise<R[]> {
  const schema = ENTITY_SCHEMAS[kind] as unknown as z.ZodType<KongEntityOf[K]>;
  return collectPages(target, `/${kind}`, schema, tagsQuery(opts.tags, opts.mode), opts.signal, keep, opts.beforePage);
}

/**
 * What one page of a collection held when a poll applied it: the offset it carries and the ids of
 * its entities (one string, "\n"-separated). For routes, also the services of the routes whose
 * origin is read from their service (serviceIds; routeReadsService): such a page is read again
 * when one of those services changed, though its own bytes did not.
 */
export type PageNote = { offset: string | null; ids: string; serviceIds?: string };

/** Notes of the pages of the last applied poll, by collection and the hash of their bytes (pageKey). */
export type PageMemo = Map<string, PageNote>;

/** The key of a page in a PageMemo. */
export function pageKey(kind: ListableKind, hash: string): string {
  return `${kind}:${hash}`;
}

/**
 * One page of a collection as Kong sent it: the SHA-256 of its bytes; its entities once parsed
 * and validated (`data`); for a page the memo knows, its note, and its bytes only when the caller
 * asked to keep them (it may read the page after all).
 */
export type RawPage = { hash: string; bytes?: Buffer; status: number; data?: unknown[]; note?: PageNote; unchanged?: string[] };

/**
 * Parses and validates a page listPagesRaw read (once; `data` keeps the validated entities) and
 * returns its offset. `firstIndex` is the index its first entity has among the entities read of
 * the collection: an invalid entity is named by it (`data.<index>...`). Validated as soon as
 * parsed, in the same turn of the event loop: the parsed answer is garbage before the next page
 * arrives, and dies in the young generation. Held until the whole collection was read, a changed
 * poll's parsed answers (up to all of a gateway's entities) reached the old generation beside
 * their validated copies and grew the worker's heap for them (docs/benchmarks.md, sixteenth round).
 */
export function parsePage(target: KongTarget, kind: ListableKind, page: RawPage, firstIndex = 0): string | null {
  const path = `/${kind}`;
  let body: unknown = null;
  const bytes = page.bytes ?? Buffer.alloc(0);
  if (bytes.length > 0) {
    try {
      body = JSON.parse(bytes.toString("utf8"));
    } catch {
      throw notJsonError(target, "GET", path, page.status);
    }
  }
  const parsed = parseResponse(target, ZKongPage, body, { method: "GET", path });
  page.data = validatePage(target, kind, parsed.data, firstIndex);
  page.bytes = undefined;
  return parsed.offset ?? null;
}

/** The entities of one page, validated; an invalid one is named by `firstIndex` + its index on the page. */
function validatePage<K extends ListableKind>(target: KongTarget, kind: K, items: unknown[], firstIndex: number): KongEntityOf[K][] {
  const r = z.array(ENTITY_SCHEMAS[kind] as unknown as z.ZodType<KongEntityOf[K]>).safeParse(items);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ ...i, path: ["data", firstIndex + Number(i.path[0]), ...i.path.slice(1)] }));
  throw invalidResponse(target, issues, { method: "GET", path: `/${kind}` });
}

/** How many entities the pages before `pages[i]` hold that were read (the index of its first one among them). */
export function readBefore(pages: readonly RawPage[], i: number): number {
  let n = 0;
  for (let j = 0; j < i; j++) n += (pages[j].data?.length ?? 0) + (pages[j].unchanged?.length ?? 0);
  return n;
}

/**
 * Leaves out of a parsed page's `data` the entities `unchanged` says the caller holds as they are,
 * noting their ids in `unchanged`: a poll that changed a few entities of a page holds those few
 * until it is applied, not the whole page.
 */
export function dropUnchanged(page: RawPage, unchanged: (e: unknown) => boolean): void {
  if (!page.data) return;
  const changed: unknown[] = [];
  const ids: string[] = page.unchanged ?? [];
  for (const e of page.data) {
    if (unchanged(e)) ids.push((e as { id: string }).id);
    else changed.push(e);
  }
  page.data = changed;
  page.unchanged = ids;
}

/** The note of a parsed page (PageNote). */
export function noteOf(kind: ListableKind, page: RawPage, offset: string | null): PageNote {
  const data = (page.data ?? []) as { id: string }[];
  const ids = data.map((e) => e.id).join("\n");
  if (kind !== "routes") return { offset, ids };
  const serviceIds = (data as KongRoute[])
    .filter((r) => r.service?.id && routeReadsService(r))
    .map((r) => r.service!.id)
    .join("\n");
  return serviceIds ? { offset, ids, serviceIds } : { offset, ids };
}

/**
 * Every page of a collection as Kong sent it, with the hash of its bytes. A page the memo knows is
 * neither decoded, parsed nor validated (the offset it carries is part of its bytes, so the same bytes carry
 * the noted offset), and its bytes are dropped at once unless `keep` asks for them. A poll of an
 * unchanged gateway thus costs the requests and the hashing, and holds one page at a time.
 */
export async function listPagesRaw(
  target: KongTarget,
  kind: ListableKind,
  memo: ReadonlyMap<string, PageNote>,
  opts: {
    signal?: AbortSignal;
    keep?: (note: PageNote) => boolean;
    beforePage?: () => Promise<void>;
    /** whether the caller holds a validated entity as it is: such entities are left out of `data` (dropUnchanged) */
    unchanged?: (e: unknown) => boolean;
  } = {},
): Promise<RawPage[]> {
  const path = `/${kind}`;
  const pages: RawPage[] = [];
  const seen = new Set<string>();
  let offset: string | undefined;
  do {
    await opts.beforePage?.();
    const res = await kongFetch(target, { path, query: { size: PAGE_SIZE, offset }, signal: opts.signal, raw: true });
    const bytes = res.bytes ?? Buffer.alloc(0);
    const hash = crypto.createHash("sha256").update(bytes).digest("base64");
    const note = memo.get(pageKey(kind, hash));
    let next: string | null;
    if (note) {
      pages.push({ hash, status: res.status, note, ...(opts.keep?.(note) ? { bytes } : {}) });
      next = note.offset;
    } else {
      const page: RawPage = { hash, bytes, status: res.status };
      next = parsePage(target, kind, page, readBefore(pages, pages.length));
      page.note = noteOf(kind, page, next);
      if (opts.unchanged) dropUnchanged(page, opts.unchanged);
      pages.push(page);
    }
    offset = await nextOffset(target, path, next, seen);
  } while (offset !== undefined);
  return pages;
}

/** Every target of one upstream (id or name), across all pages. */
export async function listTargets(
  target: KongTarget,
  upstream: string,
  opts: { signal?: AbortSignal } = {},
): Promise<KongUpstreamTarget[]> {
  return collectPages(target, `/upstreams/${seg(upstream)}/targets`, ZKongUpstreamTarget, undefined, opts.signal);
}

/** Every plugin applied to one route (id or name), across all pages. */
export async function listRoutePlugins(target: KongTarget, route: string, opts: ListOptions = {}): Promise<KongPlugin[]> {
  return collectPages(target, `/routes/${seg(route)}/plugins`, ZKongPlugin, tagsQuery(opts.tags, opts.mode), opts.signal);
}
