// Event streams over HTTP against a running `signpost start` with small limits: a cap of open
// streams per client address (429), a bounded replay after Last-Event-ID (a `reset` past it), a
// replay paged as the client reads (a fast reader of a large backlog is never dropped), a slow
// reader dropped once its queue is full (not buffered without end), and a stream ended when its
// token is revoked. Events are written straight into the embedded database's change log, as the
// worker writes them, through the password the server generated in its data directory.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SseParser, type SseMessage } from "../../lib/client/parse-sse";
import { freePort } from "../../lib/runtime/check-port";
import { SERVER_ADMIN_TOKEN, startSignpostServer, type SignpostServer } from "../helpers/signpost-server";
import { waitFor } from "../helpers/wait-for";

const BUFFER = 262_144;
const MAX_REPLAY = 600;
let server: SignpostServer;
let db: pg.Pool;

beforeAll(async () => {
  const dbPort = await freePort();
  server = await startSignpostServer({
    env: {
      SIGNPOST_SSE_MAX_PER_CLIENT: "3",
      SIGNPOST_SSE_BUFFER_BYTES: String(BUFFER),
      SIGNPOST_SSE_MAX_REPLAY: String(MAX_REPLAY),
      SIGNPOST_EMBEDDED_DB_PORT: String(dbPort),
    },
  });
  const password = fs.readFileSync(path.join(server.dataDir, "db-password"), "utf8").trim();
  db = new pg.Pool({ host: "127.0.0.1", port: dbPort, user: "postgres", password, database: "postgres", max: 2 });
}, 150_000);
afterAll(async () => {
  await db?.end();
  await server?.dispose();
});

/** Appends `n` events of about `size` bytes each; returns the id before the first and the last id. */
async function appendEvents(n: number, size: number): Promise<{ before: string; last: string }> {
  const before = (await db.query("SELECT coalesce(max(id), 0)::text AS id FROM change_events")).rows[0].id as string;
  const { rows } = await db.query(
    `INSERT INTO change_events (type, api_key, api_name, team, diff)
     SELECT 'api.updated', 'api:stream-test', 'stream-test', 'streams', jsonb_build_object('before', '{}'::jsonb, 'after', jsonb_build_object('pad', repeat('x', $2::int), 'n', i))
     FROM generate_series(1, $1::int) i RETURNING id::text`,
    [n, size],
  );
  return { before, last: rows[rows.length - 1].id as string };
}

type Stream = { messages: SseMessage[]; status: number; ended: Promise<void>; close(): void };

async function openStream(headers: Record<string, string> = {}): Promise<Stream> {
  const ac = new AbortController();
  const res = await fetch(`${server.url}/api/v1/events`, { headers: { accept: "text/event-stream", ...headers }, signal: ac.signal });
  const messages: SseMessage[] = [];
  const ended = (async () => {
    if (res.status !== 200 || !res.body) return;
    const parser = new SseParser();
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) messages.push(...parser.push(decoder.decode(chunk, { stream: true })));
    } catch {
      // aborted by close()
    }
  })();
  return { messages, status: res.status, ended, close: () => ac.abort() };
}

const metric = async (name: string) => {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return Number(line?.split(" ").pop() ?? NaN);
};

describe("event streams", () => {
  it("a client address may hold 3 streams open: the 4th gets the JSON 429 until one closes", async () => {
    const open = [await openStream(), await openStream(), await openStream()];
    expect(open.map((s) => s.status)).toEqual([200, 200, 200]);
    const refused = await fetch(`${server.url}/api/v1/events`, { headers: { accept: "text/event-stream" } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("5");
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: "rate_limited",
      message: "127.0.0.1 already has 3 event streams open on this server; close one first",
    });
    // JSON pages of the change log are not streams and stay available
    expect((await fetch(`${server.url}/api/v1/events?limit=1`)).status).toBe(200);
    open[0].close();
    await waitFor(() => metric("signpost_sse_streams"), (n) => n === 2, { what: "the closed stream to be released" });
    const again = await openStream();
    expect(again.status).toBe(200);
    for (const s of [again, ...open.slice(1)]) s.close();
    await waitFor(() => metric("signpost_sse_streams"), (n) => n === 0, { what: "every stream released" });
  });

  it("replays a backlog larger than the client's buffer page by page, in order, without dropping a reader that keeps up", async () => {
    const { before, last } = await appendEvents(400, 16_000); // about 6.4 MB: 25 times the buffer
    const s = await openStream({ "last-event-id": before });
    expect(s.status).toBe(200);
    await waitFor(() => s.messages.at(-1)?.id, (id) => id === last, { timeoutMs: 20_000, what: "the whole replay" });
    const ids = s.messages.filter((m) => m.event === "api.updated").map((m) => BigInt(m.id!));
    expect(ids).toHaveLength(400);
    expect(ids.every((id, i) => i === 0 || id === ids[i - 1] + 1n)).toBe(true);
    s.close();
  });

  it("replays at most SIGNPOST_SSE_MAX_REPLAY events: past that the stream starts at the newest with a reset", async () => {
    const { before, last } = await appendEvents(MAX_REPLAY + 1, 10);
    const s = await openStream({ "last-event-id": before });
    const reset = await waitFor(() => s.messages[0], (m) => m !== undefined, { what: "the first message" });
    expect(reset.event).toBe("reset");
    expect(reset.id).toBe(last);
    expect(JSON.parse(reset.data)).toEqual({
      message: `more than ${MAX_REPLAY} events followed event ${before}; the stream continues after event ${last}: re-read what you show`,
      lastEventId: last,
    });
    // and it goes on live from there
    const next = await appendEvents(2, 10);
    await waitFor(() => s.messages.at(-1)?.id, (id) => id === next.last, { what: "live events after the reset" });
    expect(s.messages.filter((m) => m.event === "api.updated")).toHaveLength(2);
    s.close();
  });

  it("drops a reader that stops reading once its queue is full, while a reader that keeps up stays", async () => {
    const dropped = await metric('signpost_sse_dropped_total{reason="slow_reader"}');
    const open = await metric("signpost_sse_streams");
    const fast = await openStream();
    // A raw connection that sends the request and never reads: the kernel's buffers fill, then the server's.
    const socket = net.connect(Number(new URL(server.url).port), "127.0.0.1");
    socket.pause();
    socket.write(`GET /api/v1/events HTTP/1.1\r\nHost: signpost\r\nAccept: text/event-stream\r\n\r\n`);
    await waitFor(() => metric("signpost_sse_streams"), (n) => n === open + 2, { what: "both streams to open" });
    let written = 0;
    const ids: string[] = [];
    // Rounds smaller than the buffer, each one read by the fast reader before the next: only
    // the reader that does not read falls behind.
    await waitFor(
      async () => {
        const { last } = await appendEvents(12, 16_000);
        const first = BigInt(last) - 11n;
        for (let i = 0n; i < 12n; i++) ids.push(String(first + i));
        written += 12 * 16_000;
        await waitFor(() => fast.messages.at(-1)?.id, (id) => id === last, { timeoutMs: 10_000, what: "the fast reader to keep up" });
        return metric('signpost_sse_dropped_total{reason="slow_reader"}');
      },
      (n) => n === dropped + 1,
      { timeoutMs: 90_000, intervalMs: 0, what: "the slow reader to be dropped" },
    );
    await waitFor(() => metric("signpost_sse_streams"), (n) => n === open + 1, { what: "the dropped stream to be released" });
    expect(written).toBeGreaterThan(BUFFER);
    expect(fast.messages.filter((m) => m.event === "api.updated").map((m) => m.id)).toEqual(ids);
    fast.close();
    // What reaches the slow reader when it finally reads is what the kernel held, then the end.
    let received = 0;
    const closed = new Promise<void>((r) => socket.once("close", () => r()));
    socket.on("data", (d: Buffer) => (received += d.length));
    socket.on("error", () => {});
    socket.resume();
    await closed;
    expect(received).toBeLessThan(written);
  });

  it("ends a stream when its token is revoked", async () => {
    const created = await fetch(`${server.url}/api/v1/tokens`, {
      method: "POST",
      headers: { authorization: `Bearer ${SERVER_ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "stream-reader", role: "viewer" }),
    });
    const token = (await created.json()) as { id: string; token: string };
    const s = await openStream({ authorization: `Bearer ${token.token}` });
    expect(s.status).toBe(200);
    const revoked = await fetch(`${server.url}/api/v1/tokens/${token.id}`, { method: "DELETE", headers: { authorization: `Bearer ${SERVER_ADMIN_TOKEN}` } });
    expect(revoked.status).toBeLessThan(300);
    let ended = false;
    void s.ended.then(() => (ended = true));
    await waitFor(() => ended, (e) => e, { timeoutMs: 15_000, what: "the stream to end" });
    expect(s.messages.at(-1)).toMatchObject({ event: "error", data: JSON.stringify({ message: "the credential of this stream was revoked or expired" }) });
    expect(await metric('signpost_sse_dropped_total{reason="token_revoked"}')).toBe(1);
    // and the token opens no new one
    expect((await fetch(`${server.url}/api/v1/events`, { headers: { accept: "text/event-stream", authorization: `Bearer ${token.token}` } })).status).toBe(401);
  });
});
