"use client";
// What the tab's event stream has delivered, so that data rendered on the server can tell whether
// it is already behind when it reaches the browser. A page rendered on a client-side navigation
// carries `asOf`, the newest change event when the server read its data; an event after it that
// the stream delivered before the page mounted invalidated nothing (the page's queries did not
// exist yet), so the page would show that change's "before" until the next one. useCatchUp()
// re-reads what such events touched, once, as the page mounts.
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { apisKeys } from "@/lib/queries/apis";
import { contractKeys } from "@/lib/queries/contracts";
import { facetsKeys } from "@/lib/queries/api-facets";
import { eventsKeys } from "@/lib/queries/events";

/** APIs remembered one by one; past this the oldest are folded into `floor` (a conservative bound). */
const MAX_APIS = 5_000;
let newest = 0n;
/** every API changed at or before this id, as far as a page can tell (forgotten ones, a reset) */
let floor = 0n;
const lastFor = new Map<string, bigint>();

/** Notes a delivered event (its id, and the API it is about when it has one). */
export function noteEvent(id: string, apiId: string | null): void {
  const n = BigInt(id);
  if (n > newest) newest = n;
  if (!apiId) return;
  lastFor.delete(apiId);
  lastFor.set(apiId, n);
  if (lastFor.size > MAX_APIS) {
    const [oldest, at] = lastFor.entries().next().value as [string, bigint];
    lastFor.delete(oldest);
    if (at > floor) floor = at;
  }
}

/** Notes a reset: more happened than the server replays; anything rendered before `id` may be behind. */
export function noteReset(id: string): void {
  const n = BigInt(id);
  if (n > newest) newest = n;
  if (n > floor) floor = n;
}

/** Whether the stream delivered an event after `asOf` about `apiId`, or about any API when omitted. */
export function changedSince(asOf: string, apiId?: string): boolean {
  const a = BigInt(asOf);
  if (floor > a) return true;
  if (apiId === undefined) return newest > a;
  return (lastFor.get(apiId) ?? 0n) > a;
}

/** Invalidates what a change of these APIs (and of the catalog) makes stale: lists, facets, each API, its history and contract. */
export function invalidateApiViews(qc: QueryClient, apiIds: Iterable<string>): void {
  void qc.invalidateQueries({ queryKey: apisKeys.lists });
  void qc.invalidateQueries({ queryKey: facetsKeys.all });
  for (const id of apiIds) {
    void qc.invalidateQueries({ queryKey: apisKeys.one(id) });
    void qc.invalidateQueries({ queryKey: eventsKeys.forApi(id) });
    void qc.invalidateQueries({ queryKey: contractKeys.one(id) });
  }
}

/**
 * On mount of a view whose data the server read as of event `asOf`: re-reads it when the stream
 * has meanwhile delivered a change to `apiId` (a page of one API) or to any API (a list).
 */
export function useCatchUp(asOf: string | null | undefined, apiId?: string): void {
  const qc = useQueryClient();
  useEffect(() => {
    if (asOf && /^\d+$/.test(asOf) && changedSince(asOf, apiId)) invalidateApiViews(qc, apiId ? [apiId] : []);
  }, [qc, asOf, apiId]);
}
