// Deletion safety: a relist that would remove a large share of a source's objects is held and
// reported instead of applied, until an editor confirms it or it persists past a grace period.
// A source that fails or cannot be reached never deletes anything (only complete lists reach here).

export type HeldDeletion = {
  since: string;
  count: number;
  total: number;
  share: number;
  byKind: Record<string, number>;
  sample: string[];
};

export type DeletionPolicy = {
  /** share of a kind's objects above which a relist's deletions are held (0.1 = 10 %) */
  threshold: number;
  /** deletions of at most this many objects are never held (tiny sources would trip any share) */
  minCount: number;
  graceMs: number;
};

export type DeletionDecision = { apply: true; reason: "small" | "confirmed" | "grace" } | { apply: false; held: HeldDeletion };

/**
 * Decides whether `vanished` objects (of one relist) may be marked gone.
 * @param total objects of the relisted kinds the source had before this relist
 * @param previous the deletion held earlier for the same objects, if any
 * @param confirmedAt when an editor last confirmed the source's held deletion
 */
export function decideDeletion(
  vanished: { kind: string; namespace: string; name: string }[],
  total: number,
  policy: DeletionPolicy,
  now: Date,
  previous?: HeldDeletion,
  confirmedAt?: Date | null,
): DeletionDecision {
  const share = total > 0 ? vanished.length / total : 1;
  if (vanished.length <= policy.minCount || share <= policy.threshold) return { apply: true, reason: "small" };
  const since = previous ? new Date(previous.since) : now;
  if (confirmedAt && previous && confirmedAt >= since) return { apply: true, reason: "confirmed" };
  if (previous && now.getTime() - since.getTime() >= policy.graceMs) return { apply: true, reason: "grace" };
  const byKind: Record<string, number> = {};
  for (const v of vanished) byKind[v.kind] = (byKind[v.kind] ?? 0) + 1;
  return {
    apply: false,
    held: {
      since: since.toISOString(),
      count: vanished.length,
      total,
      share: Math.round(share * 1000) / 1000,
      byKind,
      sample: vanished.slice(0, 20).map((v) => `${v.kind} ${v.namespace ? v.namespace + "/" : ""}${v.name}`),
    },
  };
}
