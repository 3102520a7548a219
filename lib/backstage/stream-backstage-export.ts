// GET /api/v1/export/backstage as a stream of YAML documents: the Groups of every team first, then
// the live APIs page by page (500 at a time, contracts fetched for that page only), then one
// Component per microservice. Memory grows with the number of microservices and API names
// (to keep names unique), never with the documents: measured at 10k APIs in docs/benchmarks.md.
import type pg from "pg";
import YAML from "yaml";
import { backstageName } from "./backstage-name";
import { apiEntity, componentEntity, groupEntity, UNOWNED_GROUP, type BackstageEntity, type ExportApi } from "./backstage-entities";

type Queryable = Pick<pg.Pool, "query">;
const PAGE = 500;

/** The YAML text of one entity, as one document of a multi-document file. */
export function entityYaml(entity: BackstageEntity): string {
  return `---\n${YAML.stringify(entity, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

/** Every entity of the export, in order, as YAML documents. */
export async function* streamBackstageExport(db: Queryable, baseUrl: string): AsyncGenerator<string> {
  const teams = (await db.query<{ team: string }>(`SELECT DISTINCT team FROM apis WHERE gone_at IS NULL AND team IS NOT NULL ORDER BY team`)).rows.map((r) => r.team);
  const groupOf = new Map(teams.map((t) => [t, backstageName(t, `team:${t}`)]));
  for (const t of teams) yield entityYaml(groupEntity(groupOf.get(t)!, t));
  const owner = (team: string | null) => `group:default/${team ? groupOf.get(team) ?? backstageName(team, `team:${team}`) : UNOWNED_GROUP}`;

  const apiNames = new Set<string>();
  type Micro = { microservice: string; cluster: string | null; namespace: string | null; team: string | null; apis: string[] };
  const components = new Map<string, Micro>();
  let unowned = false;
  let after: { name: string; id: string } | null = null;
  for (;;) {
    const page: pg.QueryResult<ExportApi> = await db.query<ExportApi>(
      `SELECT a.id::text AS id, a.key, a.name, a.microservice, a.team, a.cluster, a.namespace, a.proxy_url AS "proxyUrl",
              a.exposure_mode AS "exposureMode", a.managed_by AS "managedBy"
       FROM apis a WHERE a.gone_at IS NULL ${after ? "AND (a.name, a.id) > ($2, $3::uuid)" : ""}
       ORDER BY a.name, a.id LIMIT $1`,
      after ? [PAGE, after.name, after.id] : [PAGE],
    );
    const rows: ExportApi[] = page.rows;
    if (!rows.length) break;
    const contracts = await contractsOf(db, rows.map((r) => r.key));
    for (const api of rows) {
      const name = backstageName(api.name, api.key, apiNames.has(api.name));
      apiNames.add(name);
      if (!api.team) unowned = true;
      yield entityYaml(apiEntity(api, { name, owner: owner(api.team), baseUrl, contract: contracts.get(api.key) ?? null }));
      if (api.microservice) {
        const key = `${api.cluster ?? ""}/${api.namespace ?? ""}/${api.microservice}`;
        const c: Micro = components.get(key) ?? { microservice: api.microservice, cluster: api.cluster, namespace: api.namespace, team: api.team, apis: [] };
        c.apis.push(name);
        components.set(key, c);
      }
    }
    const last: ExportApi = rows[rows.length - 1];
    after = { name: last.name, id: last.id };
    if (rows.length < PAGE) break;
  }

  // A microservice name used in several namespaces or clusters is several Components.
  const uses = new Map<string, number>();
  for (const c of components.values()) uses.set(c.microservice, (uses.get(c.microservice) ?? 0) + 1);
  const componentNames = new Set<string>();
  for (const [key, c] of components) {
    const name = backstageName(c.microservice, `component:${key}`, (uses.get(c.microservice) ?? 0) > 1 || componentNames.has(c.microservice));
    componentNames.add(name);
    if (!c.team) unowned = true;
    yield entityYaml(componentEntity({ ...c, name, owner: owner(c.team) }));
  }
  if (unowned) yield entityYaml(groupEntity(UNOWNED_GROUP, null));
}

/** The current contract text of each API key that has one. */
async function contractsOf(db: Queryable, keys: string[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ key: string; document: Buffer }>(
    `SELECT c.api_key AS key, v.document FROM api_contracts c
     JOIN api_contract_versions v ON v.api_key = c.api_key AND v.version = c.version
     WHERE c.api_key = ANY($1::text[]) AND c.version > 0`,
    [keys],
  );
  return new Map(rows.map((r) => [r.key, r.document.toString("utf8")]));
}

/** The export as a streamed HTTP body (application/yaml). */
export function backstageExportResponse(db: Queryable, baseUrl: string): Response {
  const it = streamBackstageExport(db, baseUrl);
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      // A few entities per pull: fewer, larger chunks, still bounded by the client's reading.
      let chunk = "";
      while (chunk.length < 64 * 1024) {
        const next = await it.next();
        if (next.done) {
          if (chunk) controller.enqueue(enc.encode(chunk));
          controller.close();
          return;
        }
        chunk += next.value;
      }
      controller.enqueue(enc.encode(chunk));
    },
    async cancel() {
      await it.return(undefined);
    },
  });
  return new Response(body, { status: 200, headers: { "content-type": "application/yaml; charset=utf-8", "cache-control": "no-cache" } });
}
