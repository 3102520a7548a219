// Which families contribute to which API, and what each API last looked like: turns a set of
// recomputed families into the APIs that changed and those that vanished.
import type { Contribution } from "./contribution";
import { mergeContributions } from "./merge-contributions";
import type { DerivedApi } from "./types";
import { addMember, deleteMember, memberCount, membersOf, type MemberMap } from "../util/members";
import { intern } from "../util/intern";

/** What is remembered of an API between flushes (not the whole API: memory per object matters). */
export type ApiSummary = Pick<DerivedApi, "key" | "name" | "team" | "cluster" | "contentHash" | "eventHash">;

export type FlushResult = { upserted: DerivedApi[]; removed: ApiSummary[] };

export class ApiAssembly {
  /** the API keys each family contributes to (contributions themselves are recomputed, not kept) */
  private readonly familyKeys: MemberMap = new Map();
  private readonly apiFamilies: MemberMap = new Map();
  private readonly derived = new Map<string, ApiSummary>();
  /** APIs the database holds as live for this worker's sources, until the first flush compares them */
  private persisted: Map<string, ApiSummary> | null = null;

  /**
   * Tells the assembly which APIs the database holds as live (a worker starting warm). The next
   * assemble() reports every one of them that no family derives any more as removed, and
   * leaves out of `upserted` those derived unchanged: what vanished while no worker ran is
   * caught at the first flush instead of staying live forever.
   */
  expectPersisted(apis: Iterable<ApiSummary>): void {
    this.persisted = new Map([...apis].map((a) => [a.key, a]));
  }

  /**
   * Applies the families in `dirty`, each recomputed by `compute`; returns the APIs whose content
   * changed and those left without a family. `final`: no other dirty family waits (the persisted
   * APIs that no family produced are reported as removed only then).
   */
  assemble(dirty: Iterable<string>, compute: (fid: string) => Contribution[], final = true): FlushResult {
    const changedKeys = new Set<string>();
    const fresh = new Map<string, Contribution[]>();
    for (const fid of dirty) {
      const after = compute(fid);
      for (const key of membersOf(this.familyKeys, fid)) {
        deleteMember(this.apiFamilies, key, fid);
        changedKeys.add(key);
      }
      this.familyKeys.delete(fid);
      for (const c of after) {
        addMember(this.apiFamilies, c.key, fid);
        addMember(this.familyKeys, fid, c.key);
        changedKeys.add(c.key);
      }
      fresh.set(fid, after);
    }
    // An API made of several families (signpost.dev/api across clusters) also needs the
    // contributions of its families that did not change: recomputed here, not kept in memory.
    const contributionsOf = (fid: string) => {
      let c = fresh.get(fid);
      if (!c) {
        c = compute(fid);
        fresh.set(fid, c);
      }
      return c;
    };

    const result: FlushResult = { upserted: [], removed: [] };
    const persisted = this.persisted;
    if (final) this.persisted = null;
    for (const key of changedKeys) {
      const prev = this.derived.get(key) ?? persisted?.get(key);
      persisted?.delete(key);
      if (memberCount(this.apiFamilies, key) === 0) {
        if (prev) {
          this.derived.delete(key);
          result.removed.push(prev);
        }
        continue;
      }
      const parts = [...membersOf(this.apiFamilies, key)].flatMap((f) => contributionsOf(f).filter((c) => c.key === key));
      const api = mergeContributions(parts);
      if (this.derived.get(key)?.contentHash === api.contentHash) continue;
      // name, team and cluster are each some other object's string too
      this.derived.set(key, { key, name: intern(api.name), team: internOrNull(api.team), cluster: internOrNull(api.cluster), contentHash: api.contentHash, eventHash: api.eventHash });
      if (prev?.contentHash === api.contentHash) continue;
      result.upserted.push(api);
    }
    // Persisted APIs that no family produced at all: what they came from is gone.
    if (persisted && final) for (const [key, api] of persisted) if (!this.derived.has(key)) result.removed.push(api);
    return result;
  }

  /** What is known of the current API with this key. */
  get(key: string): ApiSummary | undefined {
    return this.derived.get(key);
  }
}

function internOrNull(s: string | null): string | null {
  return s === null ? null : intern(s);
}
