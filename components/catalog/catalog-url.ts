// The catalog's whole view lives in the URL, so that a link reproduces it: search, facet
// selections, sort, gone APIs, page size, and the page (its cursor plus the stack of the
// cursors before it, for "Previous"). Pure functions, shared by the server page and the client.
import { FACET_NAMES, type FacetName } from "@/lib/queries/api-facets";
import { SORT_FIELDS, type SortField } from "@/lib/catalog/sort-fields";

const SORT_LABELS: Record<SortField, [string, string]> = {
  name: ["Name, A to Z", "Name, Z to A"],
  owner: ["Owner, A to Z", "Owner, Z to A"],
  team: ["Team, A to Z", "Team, Z to A"],
  microservice: ["Microservice, A to Z", "Microservice, Z to A"],
  mode: ["Exposure mode, A to Z", "Exposure mode, Z to A"],
  proxyUrl: ["Proxy URL, A to Z", "Proxy URL, Z to A"],
  cluster: ["Where, A to Z", "Where, Z to A"],
  namespace: ["Namespace, A to Z", "Namespace, Z to A"],
  updated: ["Least recently updated first", "Recently updated first"],
};

/** Every order the REST API offers: a field ascending, or descending ("-field"). */
export type Sort = SortField | `-${SortField}`;

export const SORTS: { value: Sort; label: string }[] = SORT_FIELDS.flatMap((f) => [
  { value: f as Sort, label: SORT_LABELS[f][0] },
  { value: `-${f}` as Sort, label: SORT_LABELS[f][1] },
]);

/** The field of a sort and its direction. */
export function sortOf(s: Sort): { field: SortField; descending: boolean } {
  return { field: s.replace(/^-/, "") as SortField, descending: s.startsWith("-") };
}

/** The sort after a click on a column's header: that column ascending, or descending when it already was ascending (update: newest first). */
export function toggledSort(current: Sort, field: SortField): Sort {
  const { field: f, descending } = sortOf(current);
  if (f !== field) return field === "updated" ? "-updated" : field;
  return descending ? field : (`-${field}` as Sort);
}

export const PAGE_SIZES = [10, 25, 50, 100] as const;
export const DEFAULT_LIMIT = 50;
const MAX_BACK = 50;

export type CatalogState = {
  q: string;
  facets: Record<FacetName, string[]>;
  sort: Sort;
  includeGone: boolean;
  limit: number;
  /** cursor of the page shown (null: the first page) */
  cursor: string | null;
  /** cursors of the pages before it, oldest first (the first page has none) */
  back: string[];
};

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

/** Reads the view from the URL's query; anything invalid falls back to its default. */
export function parseCatalogState(input: Params): CatalogState {
  const get = (k: string): string => {
    if (input instanceof URLSearchParams) return input.getAll(k).join(",");
    const v = input[k];
    return Array.isArray(v) ? v.join(",") : (v ?? "");
  };
  const list = (k: string) => [...new Set(get(k).split(",").map((s) => s.trim()).filter(Boolean))];
  const sort = SORTS.find((s) => s.value === get("sort"))?.value ?? "name";
  const limit = Number(get("limit"));
  const cursor = get("cursor") || null;
  return {
    q: get("q").slice(0, 200),
    facets: Object.fromEntries(FACET_NAMES.map((f) => [f, list(f)])) as Record<FacetName, string[]>,
    sort,
    includeGone: get("includeGone") === "true",
    // The select offers PAGE_SIZES; a shared link may carry any size the REST API accepts.
    limit: Number.isInteger(limit) && limit >= 1 && limit <= 500 ? limit : DEFAULT_LIMIT,
    cursor,
    back: cursor ? list("back").slice(-MAX_BACK) : [],
  };
}

/**
 * The query string of the view: "page" is the catalog URL (everything), "list" the query of
 * GET /api/v1/apis, "facets" the query of GET /api/v1/apis/facets. Keys in a fixed order and
 * defaults left out, so that equal views give equal strings (and equal query keys).
 */
export function toSearch(s: CatalogState, what: "page" | "list" | "facets"): string {
  const p = new URLSearchParams();
  if (s.q.trim()) p.set("q", s.q.trim());
  for (const f of FACET_NAMES) if (s.facets[f].length) p.set(f, s.facets[f].join(","));
  if (s.includeGone) p.set("includeGone", "true");
  if (what !== "facets") {
    if (s.sort !== "name") p.set("sort", s.sort);
    if (s.limit !== DEFAULT_LIMIT) p.set("limit", String(s.limit));
    if (s.cursor) p.set("cursor", s.cursor);
    if (what === "page" && s.cursor && s.back.length) p.set("back", s.back.join(","));
  }
  return p.toString();
}

const firstPage = (s: CatalogState): CatalogState => ({ ...s, cursor: null, back: [] });

/** The view with a facet value selected or not (back to the first page). */
export function withFacet(s: CatalogState, facet: FacetName, value: string, on: boolean): CatalogState {
  const values = s.facets[facet].filter((v) => v !== value);
  return firstPage({ ...s, facets: { ...s.facets, [facet]: on ? [...values, value] : values } });
}

/** The view with other settings (search, sort, gone, page size), back to the first page. */
export function withSettings(s: CatalogState, change: Partial<Pick<CatalogState, "q" | "sort" | "includeGone" | "limit">>): CatalogState {
  return firstPage({ ...s, ...change });
}

/** The view without any search or facet selection. */
export function withoutFilters(s: CatalogState): CatalogState {
  return firstPage({ ...s, q: "", facets: Object.fromEntries(FACET_NAMES.map((f) => [f, [] as string[]])) as Record<FacetName, string[]> });
}

/** The next page, remembering the current one for "Previous". */
export function nextPage(s: CatalogState, nextCursor: string): CatalogState {
  return { ...s, cursor: nextCursor, back: s.cursor ? [...s.back, s.cursor].slice(-MAX_BACK) : [] };
}

/** The page before (the first page when the stack is empty). */
export function previousPage(s: CatalogState): CatalogState {
  if (!s.cursor) return s;
  const back = s.back.slice(0, -1);
  return { ...s, cursor: s.back.at(-1) ?? null, back };
}

/** 1-based number of the page shown. */
export function pageNumber(s: CatalogState): number {
  return s.cursor ? s.back.length + 2 : 1;
}

/** True when any search or facet narrows the list. */
export function hasFilters(s: CatalogState): boolean {
  return Boolean(s.q.trim()) || FACET_NAMES.some((f) => s.facets[f].length > 0);
}
