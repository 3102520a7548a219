import crypto from "node:crypto";
import { z } from "zod";
import { KongError } from "./errors";
import { kongFetch, notJsonError } from "./kong-fetch";
import { seg } from "./kong-url";
import { parseResponse } from "./parse-response";
import {
  type KongPlugin, type KongRoute, type KongService, type KongUpstream, type KongUpstreamTarget, ZKongPage, ZKongPlugin,
  ZKongRoute, ZKongService, ZKongUpstream, ZKongUpstreamTarget,
} from "./schemas";
import type { KongTarget } from "./types";

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
export type ListOptions = { tags?: readonly string[]; mode?: "and" | "or"; signal?: AbortSignal };

/** Builds Kong's ?tags= value; throws for tags Kong could not filter on. */
export function tagsQuery(tags: readonly string[] | undefined, mode: "and" | "or" = "and"): string | undefined {
  if (!tags || tags.length === 0) return undefined;
  if (tags.length > MAX_FILTER_TAGS) throw new RangeError(`Kong filters on at most ${MAX_FILTER_TAGS} tags (got ${tags.length})`);
  for (const t of tags) {
    if (t === "" || t.includes(",") || t.includes("/")) throw new RangeError(`tag ${JSON.stringify(t)} cannot be used in a Kong tag filter`);
  }
  return tags.join(mode === "and" ? "," : "/");
}

async function collectPages<S extends z.ZodType>(
  target: KongTarget,
  path: string,
  schema: S,
  tags: string | undefined,
  signal?: AbortSignal,
): Promise<z.output<S>[]> {
  const out: z.output<S>[] = [];
  const seen = new Set<string>();
  let offset: string | undefined;
  const pageSchema = ZKongPage.extend({ data: z.array(schema) });
  do {
    // Like go-kong: read `offset` (not `next`) and send size, tags and offset again on every page.
    const res = await kongFetch(target, { path, query: { size: PAGE_SIZE, tags, offset }, signal });
    const page = parseResponse(target, pageSchema, res.body, { method: "GET", path });
    out.push(...(page.data as z.output<S>[]));
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

/** One page of a collection as Kong sent it: the SHA-256 of its bytes, the bytes, its entities once parsed. */
export type RawPage = { hash: string; bytes: Buffer; status: number; data?: unknown[] };

/** The offsets pages carry, by the hash of their bytes (listPagesRaw). */
export type PageOffsets = Map<string, string | null>;

/** Parses a page listPagesRaw read (once; `data` keeps the entities, not validated) and returns its offset. */
export function parsePage(target: KongTarget, kind: ListableKind, page: RawPage): string | null {
  const path = `/${kind}`;
  let body: unknown = null;
  if (page.bytes.length > 0) {
    try {
      body = JSON.parse(page.bytes.toString("utf8"));
    } catch {
      throw notJsonError(target, "GET", path, page.status);
    }
  }
  const parsed = parseResponse(target, ZKongPage, body, { method: "GET", path });
  page.data = parsed.data;
  return parsed.offset ?? null;
}

/**
 * Every page of a collection as Kong sent it, with the hash of its bytes. A page whose hash is in
 * `known` is neither decoded nor parsed: the offset it carries is part of its bytes, so the same
 * bytes carry the offset noted when they were first parsed. Every page's offset goes into `noted`.
 * A poll of an unchanged gateway thus costs the requests and the hashing (validateEntities and
 * the entities come only when something changed).
 */
export async function listPagesRaw(target: KongTarget, kind: ListableKind, known: ReadonlyMap<string, string | null>, noted: PageOffsets, opts: { signal?: AbortSignal } = {}): Promise<RawPage[]> {
  const path = `/${kind}`;
  const pages: RawPage[] = [];
  const seen = new Set<string>();
  let offset: string | undefined;
  do {
    const res = await kongFetch(target, { path, query: { size: PAGE_SIZE, offset }, signal: opts.signal, raw: true });
    const bytes = res.bytes ?? Buffer.alloc(0);
    const page: RawPage = { hash: crypto.createHash("sha256").update(bytes).digest("base64"), bytes, status: res.status };
    pages.push(page);
    const next = known.has(page.hash) ? known.get(page.hash)! : parsePage(target, kind, page);
    noted.set(page.hash, next);
    offset = await nextOffset(target, path, next, seen);
  } while (offset !== undefined);
  return pages;
}

/** Validates entities listPagesRaw read, with the errors listAll would give. */
export function validateEntities<K extends ListableKind>(target: KongTarget, kind: K, items: unknown[]): KongEntityOf[K][] {
  const schema = ENTITY_SCHEMAS[kind] as unknown as z.ZodType<KongEntityOf[K]>;
  return parseResponse(target, z.object({ data: z.array(schema) }), { data: items }, { method: "GET", path: `/${kind}` }).data;
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
