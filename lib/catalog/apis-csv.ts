// The catalog as CSV (GET /api/v1/apis with Accept: text/csv): every API of the filtered view,
// all pages, streamed page by page in the list's order. RFC 4180: CRLF line ends, fields with a
// comma, quote or line break quoted, quotes doubled. Spreadsheets run cells that start with
// = + - @ as formulas, so such cells are prefixed with a single quote (a catalog value is
// untrusted text: an annotation can say anything).
import type pg from "pg";
import type { TApiListItem, TApiListQuery } from "../api/schemas/api";
import { scorecardCsvColumns } from "../scorecards/with-scorecard-summary";
import { findApiDocs } from "./find-apis";

type Queryable = Pick<pg.Pool, "query">;

/** The CSV columns: header and how each is read from an API (a list item: with its scorecard summary). */
export const CSV_COLUMNS: [string, (a: TApiListItem) => string | number | null][] = [
  ["name", (a) => a.name],
  ["owner", (a) => a.owner],
  ["team", (a) => a.team],
  ["microservice", (a) => a.microservice],
  ["exposure_mode", (a) => a.exposureMode],
  ["modes", (a) => a.modes.join(" ")],
  ["proxy_url", (a) => a.proxyUrl],
  ["cluster", (a) => a.cluster],
  ["namespace", (a) => a.namespace],
  ["gateways", (a) => a.gateways.join(" ")],
  ["managed_by", (a) => a.managedBy],
  ["ready_pods", (a) => a.readyPods],
  ["total_pods", (a) => a.totalPods],
  ["scorecard_level", (a) => scorecardCsvColumns(a.scorecard).level],
  ["failing_checks", (a) => scorecardCsvColumns(a.scorecard).failing],
  ["health", (a) => a.health?.state ?? null],
  ["updated_at", (a) => a.updatedAt],
  ["gone_at", (a) => a.goneAt],
  ["id", (a) => a.id],
];

const PAGE = 500;

/** One CSV cell: formula triggers defused, quoted when it must be. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV record (with its CRLF). */
export function csvRecord(cells: (string | number | null | undefined)[]): string {
  return cells.map(csvCell).join(",") + "\r\n";
}

/** The header record and one record per API. */
export function apisCsv(apis: TApiListItem[], header = true): string {
  return (header ? csvRecord(CSV_COLUMNS.map(([h]) => h)) : "") + apis.map((a) => csvRecord(CSV_COLUMNS.map(([, get]) => get(a)))).join("");
}

/**
 * Streams every API matching `query` as CSV, in its order, from its first page (a cursor in
 * `query` is ignored: the export is the whole view). Pages are read as the client takes them.
 */
export function streamApisCsv(db: Queryable, query: TApiListQuery, pageSize = PAGE): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let cursor: string | undefined;
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const page = await findApiDocs(db, { ...query, limit: pageSize, cursor });
      controller.enqueue(enc.encode(apisCsv(page.docs.map((d) => JSON.parse(d) as TApiListItem), first)));
      first = false;
      if (!page.nextCursor) controller.close();
      else cursor = page.nextCursor;
    },
  });
}
