// The writer's step after APIs were written: score them under the configured checks.
import type pg from "pg";
import { loadConfig } from "../env";
import type { DerivedApi } from "../catalog/types";
import { saveScorecards } from "./save-scorecards";

/** Scores the APIs just written (ids by key) in the same transaction; returns the events appended. */
export async function scoreDerivedApis(client: Pick<pg.PoolClient, "query">, apis: DerivedApi[], ids: Map<string, string>): Promise<number> {
  const targets = apis.flatMap((a) => {
    const id = ids.get(a.key);
    if (!id) return [];
    const exposures = a.exposures.map((e) => ({ mode: e.mode, url: e.url, details: e.details, source: { ...e.source, namespace: e.source.namespace ?? null } }));
    return [{ id, key: a.key, api: { ...a, id, exposures } }];
  });
  return saveScorecards(client, targets, loadConfig().scorecards);
}
