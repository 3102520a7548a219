// The fields the catalog sorts by (GET /api/v1/apis?sort=<field>, "-<field>" descending): the
// columns the catalog page shows, and a few more. Kept apart from the zod schemas so that pages
// can import it alone.

export const SORT_FIELDS = ["name", "owner", "team", "microservice", "mode", "proxyUrl", "cluster", "namespace", "updated"] as const;
export type SortField = (typeof SORT_FIELDS)[number];
