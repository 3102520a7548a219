// What change events describe: the fields consumers act on. Diffs compare these snapshots.
import type { DerivedApi } from "./types";
import { ownerInfoOf } from "./owner";

export type EventSnapshot = {
  name: string;
  microservice: string | null;
  team: string | null;
  /** the a8r.io/owner annotation, only when there is one (older snapshots have none) */
  owner?: string;
  proxyUrl: string | null;
  exposureMode: string;
  /** "<mode> <url or pending>", in the API's order */
  exposures: string[];
};

/** The event-relevant view of an API. */
export function eventSnapshot(api: Pick<DerivedApi, "name" | "microservice" | "team" | "proxyUrl" | "exposureMode" | "exposures"> & { annotations?: DerivedApi["annotations"] }): EventSnapshot {
  const owner = api.annotations ? ownerInfoOf(api.annotations).owner : null;
  return {
    name: api.name,
    microservice: api.microservice,
    team: api.team,
    ...(owner ? { owner } : {}),
    proxyUrl: api.proxyUrl,
    exposureMode: api.exposureMode,
    exposures: api.exposures.map((e) => `${e.mode} ${e.url ?? "(pending)"}`),
  };
}

/** The fields that differ, as {before, after}; empty objects when nothing differs. */
export function diffSnapshots(
  before: Partial<EventSnapshot> | null,
  after: Partial<EventSnapshot> | null,
): { before: Partial<EventSnapshot>; after: Partial<EventSnapshot> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]) as Set<keyof EventSnapshot>;
  for (const k of keys) {
    const bv = before?.[k];
    const av = after?.[k];
    if (JSON.stringify(bv) !== JSON.stringify(av)) {
      if (before) b[k] = bv ?? null;
      if (after) a[k] = av ?? null;
    }
  }
  return { before: b as Partial<EventSnapshot>, after: a as Partial<EventSnapshot> };
}
