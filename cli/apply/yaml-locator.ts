// Maps a path into the parsed data (["apis", 1, "route", "paths", 0]) back to the line and
// column in the YAML text, so every complaint about the file points where the editor should go.
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";

/** A 1-based position in the file. */
export type Position = { line: number; col: number };

/**
 * The position of the value at `path`; for a missing key, its parent's. With `key`, the position
 * of that key in the map at `path` (for "unrecognized key" complaints).
 */
export function locate(doc: Document, lines: LineCounter, path: readonly PropertyKey[], key?: string): Position {
  let node: unknown = doc.contents;
  let found: unknown = node;
  for (const seg of path) {
    const next = child(node, seg);
    if (next === undefined) break;
    node = next;
    found = next;
  }
  if (key !== undefined && isMap(found)) {
    const pair = found.items.find((p) => isPair(p) && keyText(p.key) === key);
    if (pair && isPair(pair)) found = pair.key;
  }
  const offset = (found as Node | null)?.range?.[0];
  if (offset === undefined) return { line: 1, col: 1 };
  const pos = lines.linePos(offset);
  return { line: pos.line, col: pos.col };
}

/** `apis[1].route.paths[0]` for ["apis", 1, "route", "paths", 0]. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) out += typeof seg === "number" ? `[${seg}]` : out ? `.${String(seg)}` : String(seg);
  return out;
}

function child(node: unknown, seg: PropertyKey): unknown {
  if (isMap(node)) {
    const pair = node.items.find((p) => keyText(p.key) === String(seg));
    // A key without a value (`upstream:`) still has a position: its key's.
    return pair ? (pair.value ?? pair.key) : undefined;
  }
  if (isSeq(node) && typeof seg === "number") return node.items[seg] ?? undefined;
  return undefined;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === "string" ? key : undefined;
}
