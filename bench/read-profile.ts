// Where a resolve and a list page spend their time. Run against a database the bench filled
// (BENCH_KEEP_DB=1 keeps it) and a web server on it:
//   tsx bench/read-profile.ts --db postgresql://.../signpost_bench_... --base http://127.0.0.1:PORT
// Each series: 40 warm-up calls, then 300 sequential calls, one at a time, median and p95 in ms.
// - http: the whole request through `next start` (client in this process, keep-alive node:http);
//   /api/health is the floor (framework, network, client) that every route pays.
// - handler: the exported route handler called in this process (route wrapper: request id, auth,
//   zod parsing, the lib call, serialisation, metrics) on a plain Request: no Next.js around it.
// - auth: identify() of an anonymous request; db: the lib's query alone; serialise: turning its
//   result into the response body (and the resolve ETag).
// framework = http - handler (routing, Next's request/response adaptation, the socket).
import { parseArgs } from "node:util";
import { get, percentile, round } from "./measure";
import { serviceName } from "./fill";

const { values } = parseArgs({ options: { db: { type: "string" }, base: { type: "string" }, n: { type: "string", default: "300" } } });
if (!values.db || !values.base) {
  console.error("usage: tsx bench/read-profile.ts --db DATABASE_URL --base http://127.0.0.1:PORT [--n 300]");
  process.exit(2);
}
process.env.DATABASE_URL = values.db;
process.env.SIGNPOST_LOG_LEVEL = "silent";
const N = Number(values.n);
const base = values.base;

const { resolveApi, addressEtag } = await import("../lib/resolve/resolve-api");
const { findApiDocs, apiPageBody } = await import("../lib/catalog/find-apis");
const { identify } = await import("../lib/auth/authenticate");
const { getDb } = await import("../lib/db/client");
const { ZApiListQuery } = await import("../lib/api/schemas/api");
const resolveRoute = await import("../app/api/v1/resolve/[name]/route");
const apisRoute = await import("../app/api/v1/apis/route");

const db = getDb();
const { rows } = await db.pool.query<{ name: string }>(`SELECT name FROM apis WHERE gone_at IS NULL AND name LIKE 'svc-%' ORDER BY name`);
if (!rows.length) throw new Error("no svc-* APIs in this database: point --db at a database the bench filled (BENCH_KEEP_DB=1)");
const names = rows.map((r) => r.name);
const nameAt = (i: number) => names[(i * 7919) % names.length] ?? serviceName(0);
const listQuery = ZApiListQuery.parse({ limit: "50" });

async function series(what: string, call: (i: number) => Promise<unknown>): Promise<[string, { p50: number; p95: number }]> {
  for (let i = 0; i < 40; i++) await call(i);
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await call(i);
    times.push(performance.now() - t);
  }
  return [what, { p50: round(percentile(times, 50), 2), p95: round(percentile(times, 95), 2) }];
}

const anonymous = () => new Request(`${base}/api/v1/apis`);
const resolved = await resolveApi(db.pool, nameAt(0));
const page = await findApiDocs(db.pool, listQuery);
const out = Object.fromEntries([
  await series("http health", () => get(`${base}/api/health`)),
  await series("http resolve", (i) => get(`${base}/api/v1/resolve/${nameAt(i)}`)),
  await series("http list", () => get(`${base}/api/v1/apis?limit=50`)),
  await series("handler resolve", async (i) => {
    const res = await resolveRoute.GET(new Request(`${base}/api/v1/resolve/${nameAt(i)}`), { params: Promise.resolve({ name: nameAt(i) }) });
    await res.arrayBuffer();
  }),
  await series("handler list", async () => {
    const res = await apisRoute.GET(new Request(`${base}/api/v1/apis?limit=50`), { params: Promise.resolve({}) });
    await res.arrayBuffer();
  }),
  await series("auth (anonymous)", () => identify(anonymous())),
  await series("db resolve", (i) => resolveApi(db.pool, nameAt(i))),
  await series("db list", () => findApiDocs(db.pool, listQuery)),
  await series("serialise resolve", async () => {
    addressEtag(resolved.proxyUrl, resolved.exposures);
    await Response.json(resolved).arrayBuffer();
  }),
  await series("serialise list", async () => {
    await new Response(apiPageBody(page, page.docs.length)).arrayBuffer();
  }),
]);
process.stdout.write(JSON.stringify(out, null, 2) + "\n");
await db.close();
process.exit(0);
