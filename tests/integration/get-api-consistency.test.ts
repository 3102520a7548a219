// getApi (GET /api/v1/apis/{id}, MCP get_api, the API page) reads an API's exposures and its
// scorecard as of one moment. The writer changes both in one transaction (a key-auth plugin
// appears on the gateway route: the exposure's requirements and the auth check flip together);
// here a write commits between any two statements the reader sends (its pg pool is wrapped), so
// a read made of several statements would return the new exposures with the old scorecard, or
// the other way round. PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type pg from "pg";
import { saveApiChanges } from "../../lib/catalog/save-api-changes";
import { getApi } from "../../lib/catalog/get-api";
import { createDb, type Db } from "../../lib/db/client";
import type { DerivedApi } from "../../lib/catalog/types";
import type { TRequirements } from "../../lib/api/schemas/requirements";
import { dbKinds, freshDb, type TestDb } from "../helpers/db";

const PROXY = "http://api.shop.example/users";

function usermgr(withKeyAuth: boolean): DerivedApi {
  const requirements: TRequirements = {
    gateway: "sandbox",
    route: "r-users",
    authentication: withKeyAuth ? [{ type: "key-auth", plugin: "key-auth", scope: "route", optional: false, keyNames: ["apikey"], in: ["header"] }] : [],
    rateLimits: [],
    acl: null,
    cors: null,
    requestSize: null,
  };
  return {
    key: "k8s:c1/shop/usermgr", name: "usermgr", microservice: "usermgr", team: "identity", cluster: "c1", namespace: "shop",
    exposureMode: "Gateway", proxyUrl: PROXY, modes: ["Gateway", "ClusterIP"], gateways: ["sandbox"], managedBy: "kubernetes",
    labels: {}, annotations: {}, readyPods: 1, totalPods: 1, searchText: "usermgr",
    exposures: [
      { mode: "Gateway", url: PROXY, status: "ready", source: { kind: "KongRoute", cluster: "sandbox", name: "r-users" }, details: { routeId: "r-users", requirements } },
      { mode: "ClusterIP", url: "http://usermgr.shop.svc.cluster.local:80", status: "ready", source: { kind: "Service", cluster: "c1", namespace: "shop", name: "usermgr" }, details: {} },
    ],
    contentHash: withKeyAuth ? "with-key-auth" : "open", eventHash: withKeyAuth ? "with-key-auth" : "open",
  };
}

describe.each(dbKinds())("getApi reads exposures and scorecard as of one moment on %s", (kind) => {
  let db: TestDb;
  let reader: Db;
  let id: string;
  let keyAuth = false;
  let statements = 0;
  let armed = false;

  /** The writer: flips UserMgr's key-auth plugin (exposures and scorecard, one transaction). */
  async function flip(): Promise<void> {
    keyAuth = !keyAuth;
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      await saveApiChanges(client, [usermgr(keyAuth)], []);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
  }

  beforeAll(async () => {
    db = await freshDb(kind);
    await flip();
    await flip(); // back to no key-auth, with a scorecard
    id = (await db.pool.query<{ id: string }>(`SELECT id FROM apis WHERE key = 'k8s:c1/shop/usermgr'`)).rows[0].id;
    reader = createDb(db.url, { max: 2 });
    // An armed read's statements run one after another (Prisma sends a relation's queries
    // together), and before each but the first the writer flips and commits.
    const query = reader.pool.query.bind(reader.pool) as (...args: unknown[]) => Promise<pg.QueryResult>;
    let previous: Promise<unknown> = Promise.resolve();
    (reader.pool as unknown as { query: (...args: unknown[]) => Promise<pg.QueryResult> }).query = (...args: unknown[]) => {
      if (!armed) return query(...args);
      const run = previous.then(async () => {
        if (statements++ > 0) await flip();
        return query(...args);
      });
      previous = run.catch(() => undefined);
      return run;
    };
  });

  afterAll(async () => {
    await reader?.close();
    await db?.dispose();
  });

  it("never returns a flipped exposure with a stale scorecard, or the other way round", async () => {
    for (let i = 0; i < 4; i++) {
      const before = keyAuth;
      armed = true;
      statements = 0;
      const api = await getApi(reader.prisma, id).finally(() => (armed = false));
      const exposed = api.requirements!.authentication.length === 1;
      const scored = api.scorecard!.checks.find((c) => c.id === "auth")!.status === "pass";
      expect({ exposed, scored }, `read ${i} (key-auth ${before ? "on" : "off"} when it began)`).toEqual({ exposed: before, scored: before });
      // the next read starts from the other state
      if (keyAuth === before) await flip();
      expect(keyAuth).toBe(!before);
    }
  });

  it("answers what the rows say, and 404 for an unknown or malformed id", async () => {
    const api = await getApi(reader.prisma, id);
    const stored = await db.prisma.apiScorecard.findUniqueOrThrow({ where: { apiId: id } });
    expect(api.scorecard).toMatchObject({ level: stored.level, passed: stored.passed, required: stored.required, failing: stored.failing, evaluatedAt: stored.updatedAt.toISOString() });
    // the sentences are written again from the document; the statuses are the stored ones
    expect(Object.fromEntries(api.scorecard!.checks.map((c) => [c.id, c.status]))).toEqual(stored.checks);
    expect(api.scorecard!.checks.find((c) => c.id === "auth")).toMatchObject({ title: "Authentication", reason: "Gateway route r-users on sandbox has no authentication plugin." });
    expect(api).toMatchObject({ id, key: "k8s:c1/shop/usermgr", name: "usermgr", proxyUrl: PROXY, exposures: [{ mode: "Gateway" }, { mode: "ClusterIP" }] });
    await expect(getApi(reader.prisma, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ code: "not_found" });
    await expect(getApi(reader.prisma, "not-a-uuid")).rejects.toMatchObject({ code: "not_found" });
  });

  it("builds the document from the rows should an API have none stored", async () => {
    const withDoc = await getApi(reader.prisma, id);
    await db.pool.query(`DELETE FROM api_docs WHERE api_id = $1`, [id]);
    expect(await getApi(reader.prisma, id)).toEqual(withDoc);
  });
});
