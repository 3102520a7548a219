// Keeps rows where the reader saw them: across background refreshes of one view, rows already
// shown keep their relative order and new rows enter at the position the server gave them.

/** `rows` reordered so that ids in `shownIds` keep their previous relative order. */
export function stableOrder<T extends { id: string }>(shownIds: readonly string[], rows: readonly T[]): T[] {
  const pos = new Map(shownIds.map((id, i) => [id, i]));
  const out = rows.filter((r) => pos.has(r.id)).sort((a, b) => pos.get(a.id)! - pos.get(b.id)!);
  rows.forEach((r, i) => {
    if (!pos.has(r.id)) out.splice(Math.min(i, out.length), 0, r);
  });
  return out;
}
