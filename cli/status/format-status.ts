// The `signpost status` table: one row per source with its state and freshness.
import type { TSource } from "../../lib/api/schemas/source";

const HEADERS = ["KIND", "NAME", "STATE", "LAST FULL SYNC", "LAST EVENT", "OBJECTS", "LAST ERROR"];

/** "12 s ago", "3 min ago", "5 h ago", "2 d ago", or "never". */
export function ago(iso: string | null, now: number = Date.now()): string {
  if (!iso) return "never";
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 120) return `${s} s ago`;
  if (s < 7200) return `${Math.round(s / 60)} min ago`;
  if (s < 172_800) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

/** The table as lines, columns padded to their widest cell. */
export function formatStatus(sources: TSource[], now: number = Date.now()): string[] {
  const rows = sources.map((s) => [
    s.kind,
    s.name,
    s.heldDeletion ? `${s.state} (deletion held)` : s.state,
    ago(s.lastFullSyncAt, now),
    ago(s.lastEventAt, now),
    String(Object.values(s.counts).reduce((a, b) => a + b, 0)),
    s.lastError ? oneLine(s.lastError, 80) : "-",
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [HEADERS, ...rows].map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join("  ").trimEnd());
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
