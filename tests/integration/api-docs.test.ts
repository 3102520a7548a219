// The stored REST documents against a real database (PGlite, and PostgreSQL when
// TEST_DATABASE_URL is set): the writer sends a batch's documents inside one JSON parameter, so
// values holding line breaks, quotes, backslashes and other characters JSON escapes must come back
// exactly, and each document must land on its own API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveApiChanges } from "../../lib/catalog/save-api-changes";
import { mergeContributions } from "../../lib/catalog/merge-contributions";
import type { DerivedApi } from "../../lib/catalog/types";
import { dbKinds, freshDb, type TestDb } from "../helpers/db";
import { expectDocsMatchRows } from "../helpers/api-docs";

const ODD = ['two\nlines\r\nand a "quote"', "back\\slash \\n not a break", "tab\there \u2028 \u2029 é 日本 \u0001", "", " "];

function api(i: number): DerivedApi {
  const name = `odd-${i}`;
  return mergeContributions([
    {
      key: `k8s:c/ns/${name}`,
      name,
      microservice: name,
      team: `team "${i}"\n`,
      cluster: "c",
      namespace: "ns",
      managedBy: "kubernetes",
      labels: { app: name },
      annotations: { "a8r.io/description": ODD[i % ODD.length], "example.com/note": `${i}\n${ODD[(i + 1) % ODD.length]}` },
      exposures: [{ mode: "ClusterIP", url: `http://${name}.ns.svc.cluster.local:80`, status: "ready", source: { kind: "Service", cluster: "c", namespace: "ns", name }, details: { note: ODD[(i + 2) % ODD.length] } }],
      pods: null,
      gateways: [],
      sortKey: name,
    },
  ]);
}

describe.each(dbKinds())("stored API documents in %s", (kind) => {
  let db: TestDb;
  const apis = Array.from({ length: 12 }, (_, i) => api(i));

  beforeAll(async () => {
    db = await freshDb(kind);
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      await saveApiChanges(client, apis, []);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
  });
  afterAll(() => db?.dispose());

  it("stores each document whole on its own API, line breaks and escapes included", async () => {
    expect(await expectDocsMatchRows(db)).toBe(12);
    const { rows } = await db.pool.query<{ key: string; doc: string; snapshot: { team: string } }>(
      `SELECT a.key, d.doc, d.snapshot FROM apis a JOIN api_docs d ON d.api_id = a.id ORDER BY a.key`,
    );
    for (const row of rows) {
      const want = apis.find((a) => a.key === row.key)!;
      const doc = JSON.parse(row.doc);
      expect(doc.key).toBe(want.key);
      expect(doc.annotations).toEqual(want.annotations);
      expect(doc.exposures[0].details).toEqual(want.exposures[0].details);
      expect(row.snapshot.team).toBe(want.team);
    }
  });
});
