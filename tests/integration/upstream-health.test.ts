// Kong's own view of the upstreams behind the catalog's gateway routes, read by the prober
// (pollUpstreamHealth): the target health of UserMgr's upstream, what is forgotten and what is
// kept, how many upstreams a round reads, the gateway's upstream listing kept between rounds,
// and a wait before each request while the catalog's writes go first. On the stack of
// tests/helpers/health-stack.ts, as api-health.test.ts.
import { describe, expect, it } from "vitest";
import { getApi } from "../../lib/catalog/get-api";
import { pollUpstreamHealth, UPSTREAM_LISTING_MAX_AGE_MS, type UpstreamListings } from "../../lib/health/poll-upstream-health";
import { dbKinds } from "../helpers/db";
import { healthStack } from "../helpers/health-stack";
import { waitFor } from "../helpers/wait-for";

describe.each(dbKinds())("Kong upstream health on %s", (kind) => {
  const s = healthStack(kind);

  it("reads Kong's target health of the upstream behind UserMgr's route", async () => {
    expect(await pollUpstreamHealth(s.db.pool, s.settings, s.worker.id)).toMatchObject({ gateways: 1, failed: 0 });
    const ups = (await getApi(s.db.prisma, s.usermgr)).upstreamHealth;
    expect(ups).toHaveLength(1);
    expect(ups[0]).toMatchObject({ gateway: "sandbox", upstream: expect.stringContaining("usermgr.shop"), error: null });
    expect(ups[0].targets.length).toBeGreaterThan(0);
    // KIC's upstreams use no health checks: Kong reports them off, per address too
    for (const t of ups[0].targets) expect(t).toMatchObject({ target: expect.stringMatching(/:\d+$/), health: "HEALTHCHECKS_OFF", addresses: [expect.objectContaining({ health: "HEALTHCHECKS_OFF" })] });
  });

  it("forgets the health of upstreams no gateway service of a live API points at, and keeps the others", async () => {
    await pollUpstreamHealth(s.db.pool, s.settings, s.worker.id);
    const names = async () => (await s.db.pool.query<{ name: string }>(`SELECT name FROM upstream_health WHERE gateway = 'sandbox' ORDER BY name`)).rows.map((r) => r.name);
    const kept = await names();
    expect(kept.length).toBeGreaterThan(0);
    await s.db.pool.query(`INSERT INTO upstream_health (gateway, name, upstream_id, targets, checked_at) VALUES ('sandbox', 'retired.shop.80.svc', 'u-retired', '[]'::jsonb, now())`);
    expect(await names()).toContain("retired.shop.80.svc");
    // a round that reads none of them (no budget): the rows kept are kept by the forgetting alone
    expect(await pollUpstreamHealth(s.db.pool, s.settings, s.worker.id, { uncheckedPerRound: 0 })).toMatchObject({ upstreams: 0 });
    expect(await names()).toEqual(kept);
  });

  it("reads upstreams without health checks a few per round, longest unread first; one with checks every round", async () => {
    const rows = async () =>
      new Map((await s.db.pool.query<{ name: string; at: Date }>(`SELECT name, checked_at AS at FROM upstream_health WHERE gateway = 'sandbox'`)).rows.map((r) => [r.name, r.at.getTime()]));
    const ups = (await fetch(`${s.gateway.url}/upstreams`).then((r) => r.json())) as { data: { id: string; name: string }[] };
    expect(ups.data.length).toBeGreaterThanOrEqual(2);
    await s.db.pool.query(`DELETE FROM upstream_health`);
    const one = { uncheckedPerRound: 1 };
    expect(await pollUpstreamHealth(s.db.pool, s.settings, s.worker.id, one)).toMatchObject({ upstreams: 1, failed: 0 });
    const first = await rows();
    expect(first.size).toBe(1);
    expect(await pollUpstreamHealth(s.db.pool, s.settings, s.worker.id, one)).toMatchObject({ upstreams: 1 });
    const second = await rows();
    expect(second.size).toBe(2);
    // the first one read is now the longest unread: read again, the other kept as it was
    const [readFirst] = [...first.keys()];
    const other = [...second.keys()].find((n) => n !== readFirst)!;
    expect(await pollUpstreamHealth(s.db.pool, s.settings, s.worker.id, one)).toMatchObject({ upstreams: 1 });
    const third = await rows();
    expect(third.get(readFirst)!).toBeGreaterThan(second.get(readFirst)!);
    expect(third.get(other)).toBe(second.get(other));
    // an upstream with active health checks is read every round, besides the unchecked budget
    const checked = ups.data.find((u) => u.name === other)!;
    const patched = await fetch(`${s.gateway.url}/upstreams/${checked.id}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ healthchecks: { active: { healthy: { interval: 5 } } } }) });
    expect(patched.status).toBe(200);
    expect(await pollUpstreamHealth(s.db.pool, s.settings, s.worker.id, one)).toMatchObject({ upstreams: 2 });
    expect(await pollUpstreamHealth(s.db.pool, s.settings, s.worker.id, { uncheckedPerRound: 0 })).toMatchObject({ upstreams: 1 });
    await fetch(`${s.gateway.url}/upstreams/${checked.id}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ healthchecks: { active: { healthy: { interval: 0 } } } }) });
  });

  it("keeps the gateway's upstream listing between rounds; lists again when it is old, does not cover a wanted host, or a read failed", async () => {
    const listings: UpstreamListings = new Map();
    let now = 1_000_000;
    // a listing reports how many upstreams it read (the worker's burst collector counts them)
    const listed: number[] = [];
    const o = { listings, now: () => now, uncheckedPerRound: 1, onListed: (n: number) => listed.push(n) };
    const lists = () => s.gateway.faults.requests.filter((r) => r.method === "GET" && /^\/upstreams(\?|$)/.test(r.path)).length;
    const reads = () => s.gateway.faults.requests.filter((r) => /^\/upstreams\/[^/]+\/health/.test(r.path)).length;
    s.gateway.faults.resetRequests();
    expect(await pollUpstreamHealth(s.db.pool, s.settings, s.worker.id, o)).toMatchObject({ upstreams: 1, failed: 0 });
    expect([lists(), reads()]).toEqual([1, 1]);
    const all = ((await fetch(`${s.gateway.url}/upstreams`).then((r) => r.json())) as { data: unknown[] }).data.length;
    expect(listed).toEqual([all]);
    // the next round reads with the kept listing: the health read only
    s.gateway.faults.resetRequests();
    now += 60_000;
    expect(await pollUpstreamHealth(s.db.pool, s.settings, s.worker.id, o)).toMatchObject({ upstreams: 1, failed: 0 });
    expect([lists(), reads()]).toEqual([0, 1]);
    expect(listed).toEqual([all]);
    // health checks set on an upstream show at the next listing, five minutes after the last
    const ups = (await fetch(`${s.gateway.url}/upstreams`).then((r) => r.json())) as { data: { id: string; name: string }[] };
    const checked = ups.data[0];
    const set = (interval: number) =>
      fetch(`${s.gateway.url}/upstreams/${checked.id}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ healthchecks: { active: { healthy: { interval } } } }) });
    expect((await set(5)).status).toBe(200);
    try {
      expect(await pollUpstreamHealth(s.db.pool, s.settings, s.worker.id, { ...o, uncheckedPerRound: 0 })).toMatchObject({ upstreams: 0 });
      s.gateway.faults.resetRequests();
      now += UPSTREAM_LISTING_MAX_AGE_MS;
      expect(await pollUpstreamHealth(s.db.pool, s.settings, s.worker.id, { ...o, uncheckedPerRound: 0 })).toMatchObject({ upstreams: 1 });
      expect(lists()).toBe(1);
    } finally {
      await set(0);
    }
    // hosts the listing does not cover (services added or changed since): a few are looked up one
    // by one and added to it; more than lookupsPerRound, and the gateway is listed again
    const listing = listings.get("sandbox")!;
    const covered = listing.upstreams.split("\n").map((l) => l.split("\t")[0]);
    expect(covered.length).toBeGreaterThanOrEqual(2);
    const lookups = () => s.gateway.faults.requests.filter((r) => /^\/upstreams\/[^/?]+$/.test(r.path)).map((r) => decodeURIComponent(r.path.split("/")[2]));
    listing.upstreams = "";
    s.gateway.faults.resetRequests();
    await pollUpstreamHealth(s.db.pool, s.settings, s.worker.id, o);
    expect([lists(), lookups().sort()]).toEqual([0, [...covered].sort()]);
    expect(listing.upstreams.split("\n").map((l) => l.split("\t")[0]).sort()).toEqual([...covered].sort());
    s.gateway.faults.resetRequests();
    await pollUpstreamHealth(s.db.pool, s.settings, s.worker.id, o);
    expect([lists(), lookups()]).toEqual([0, []]);
    listing.upstreams = "";
    s.gateway.faults.resetRequests();
    await pollUpstreamHealth(s.db.pool, s.settings, s.worker.id, { ...o, lookupsPerRound: covered.length - 1 });
    expect([lists(), lookups()]).toEqual([1, []]);
    // a lookup Kong fails (three 500s: the request and the client's two retries): the gateway is
    // listed instead, and the round reads as usual
    listings.get("sandbox")!.upstreams = "";
    s.gateway.faults.add({ method: "GET", pathPrefix: `/upstreams/${covered[0]}`, times: 3, action: { type: "status", status: 500 } });
    s.gateway.faults.resetRequests();
    expect(await pollUpstreamHealth(s.db.pool, s.settings, s.worker.id, o)).toMatchObject({ failed: 0, upstreams: 1 });
    expect(lists()).toBe(1);
    // a read that failed (the upstream may be gone): the next round lists again
    s.gateway.faults.add({ method: "GET", pathPrefix: "/upstreams/", times: 1, action: { type: "status", status: 404 } });
    expect(await pollUpstreamHealth(s.db.pool, s.settings, s.worker.id, o)).toMatchObject({ failed: 1 });
    s.gateway.faults.resetRequests();
    await pollUpstreamHealth(s.db.pool, s.settings, s.worker.id, o);
    expect(lists()).toBe(1);
    s.gateway.faults.resetRequests();
    await pollUpstreamHealth(s.db.pool, s.settings, s.worker.id, o);
    expect(lists()).toBe(0);
  });

  it("asks before each request to the gateway whether the catalog's writes may go first (writesFirst)", async () => {
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const writesFirst = () => (calls++, gate);
    s.gateway.faults.resetRequests();
    const running = pollUpstreamHealth(s.db.pool, s.settings, s.worker.id, { writesFirst, uncheckedPerRound: 2 });
    await waitFor(async () => calls, (n) => n >= 1, { timeoutMs: 5000, what: "the first request waiting" });
    // waiting: not one request to the gateway yet
    expect(s.gateway.faults.requests.filter((r) => r.path.startsWith("/upstreams"))).toEqual([]);
    release();
    const round = (await running)!;
    expect(round.upstreams).toBeGreaterThanOrEqual(1);
    const sent = s.gateway.faults.requests.filter((r) => r.path.startsWith("/upstreams")).length;
    // one call per page of the listing and per health read
    expect(calls).toBe(sent);
  });
});
