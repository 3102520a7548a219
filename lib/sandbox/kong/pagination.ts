import { invalidOffset, invalidSize } from "./api-error";

/** Default and maximum page sizes (kong/db/dao/init.lua). */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** Reads ?size=: the endpoint's "must be a number" check, then the DAO's range check. */
export function parsePageSize(raw: string | null): { size: number; given: boolean } {
  if (raw === null) return { size: DEFAULT_PAGE_SIZE, given: false };
  const n = raw.trim() === "" ? NaN : Number(raw);
  if (Number.isNaN(n)) throw invalidSize("size must be a number");
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) throw invalidSize(`size must be an integer between 1 and ${MAX_PAGE_SIZE}`);
  return { size: n, given: true };
}

/** Offset tokens are base64(JSON([primary key values of the last row])) without padding. */
export function encodeOffset(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64").replace(/=+$/, "");
}

/** Decodes like ngx.decode_base64 (strict alphabet) then cjson; Kong's two error messages. */
export function decodeOffset(token: string): string[] {
  const stripped = token.replace(/=+$/, "");
  if (!/^[A-Za-z0-9+/]*$/.test(stripped) || stripped.length % 4 === 1) throw invalidOffset(token, "bad base64 encoding");
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(stripped, "base64").toString("utf8"));
  } catch {
    throw invalidOffset(token, "bad json encoding");
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((x) => typeof x === "string")) {
    throw invalidOffset(token, "bad json encoding");
  }
  return parsed as string[];
}

/** One page of rows already sorted by `keyOf`; rows after the offset key, like `WHERE id > $offset`. */
export function paginate<T>(
  rows: readonly T[],
  keyOf: (row: T) => string[],
  size: number,
  offset: string[] | null,
): { page: T[]; nextOffset: string | null } {
  let start = 0;
  if (offset) {
    // first row after the offset key: a binary search (rows are sorted; 100k-entity gateways)
    let hi = rows.length;
    while (start < hi) {
      const mid = (start + hi) >>> 1;
      if (compareKeys(keyOf(rows[mid]), offset) > 0) hi = mid;
      else start = mid + 1;
    }
  }
  const page = rows.slice(start, start + size);
  const more = start + size < rows.length;
  return { page, nextOffset: more && page.length > 0 ? encodeOffset(keyOf(page[page.length - 1])) : null };
}

function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? "";
    const y = b[i] ?? "";
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
