// watch() against a scripted Signpost: the cache is rewritten on an event for a watched API,
// the stream resumes with Last-Event-ID after the server drops it, and a server whose event
// log restarted (fresh database) is followed from its new start instead of from a lost id.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createResolver } from "./create-resolver";
import type { WatchUpdate } from "./watch-cache";

type Conn = { lastEventId: string | null; res: http.ServerResponse };

function fakeSignpost() {
  const state = { url: "http://gw/users", etag: '"1"', maxEventId: 4 };
  const conns: Conn[] = [];
  const waiters: ((c: Conn) => void)[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, "http://x");
    if (url.pathname === "/api/v1/resolve/usermgr") {
      if (req.headers["if-none-match"] === state.etag) return void res.writeHead(304, { etag: state.etag }).end();
      res.writeHead(200, { "content-type": "application/json", etag: state.etag });
      return void res.end(JSON.stringify({ id: "6f1c3c3e-1d7a-4d55-9a53-3f0a1b2c3d4e", name: "usermgr", key: "k8s:c/shop/usermgr", proxyUrl: state.url, exposureMode: "Gateway", exposures: [], microservice: "usermgr", team: "identity", cluster: "c", namespace: "shop", etag: state.etag, index: String(state.maxEventId) }));
    }
    if (url.pathname === "/api/v1/events" && req.headers.accept === "text/event-stream") {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(": hello\n\n");
      const conn = { lastEventId: (req.headers["last-event-id"] as string) ?? null, res };
      conns.push(conn);
      waiters.shift()?.(conn);
      return;
    }
    if (url.pathname === "/api/v1/events") {
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ data: [], nextCursor: null, lastEventId: String(state.maxEventId) }));
    }
    res.writeHead(404).end();
  });
  const send = (conn: Conn, id: number, name: string) => {
    state.maxEventId = id;
    conn.res.write(`id: ${id}\nevent: api.updated\ndata: ${JSON.stringify({ id: String(id), type: "api.updated", at: new Date().toISOString(), api: { id: null, key: name, name, team: null, cluster: "c" }, diff: {} })}\n\n`);
  };
  return {
    state,
    send,
    nextConnection: () => new Promise<Conn>((r) => waiters.push(r)),
    async start() {
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    stop: () => {
      for (const c of conns) c.res.destroy();
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections(); // the client's idle keep-alive sockets too
      return closed;
    },
  };
}

function updates() {
  const seen: WatchUpdate[] = [];
  const waiters: [number, () => void][] = [];
  return {
    seen,
    push(u: WatchUpdate) {
      seen.push(u);
      for (const w of waiters.filter(([n]) => seen.length >= n)) w[1]();
    },
    count: (n: number) => new Promise<void>((r) => (seen.length >= n ? r() : waiters.push([n, r]))),
  };
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe("resolver.watch", () => {
  it("rewrites the entry on an event for it and resumes with Last-Event-ID after a drop", async () => {
    const fake = fakeSignpost();
    const baseUrl = await fake.start();
    cleanup.push(fake.stop);
    const resolver = createResolver({ baseUrl });
    const u = updates();
    const firstConn = fake.nextConnection();
    const watcher = resolver.watch(["usermgr"], (x) => u.push(x), { backoff: { initialMs: 20, maxMs: 50 } });
    cleanup.push(() => watcher.stop());

    const c1 = await firstConn;
    expect(c1.lastEventId).toBeNull();
    await u.count(1); // the entry was missing: resolved on connect
    expect(u.seen[0]).toMatchObject({ key: "usermgr", entry: { url: "http://gw/users" }, eventId: null });

    fake.send(c1, 5, "ordermgr"); // not watched: no rewrite
    fake.state.url = "http://gw/users-v2";
    fake.state.etag = '"2"';
    fake.send(c1, 6, "usermgr");
    await u.count(2);
    expect(u.seen[1]).toMatchObject({ entry: { url: "http://gw/users-v2", etag: '"2"' }, eventId: "6" });
    expect((await resolver.readCache()).apis.usermgr.url).toBe("http://gw/users-v2");

    const secondConn = fake.nextConnection();
    c1.res.destroy(); // the server went away mid-stream
    const c2 = await secondConn;
    expect(c2.lastEventId).toBe("6");
    fake.state.url = "http://gw/users-v3";
    fake.state.etag = '"3"';
    fake.send(c2, 7, "usermgr");
    await u.count(3);
    expect(u.seen.map((x) => x.entry?.url)).toEqual(["http://gw/users", "http://gw/users-v2", "http://gw/users-v3"]);
    expect(watcher.lastEventId()).toBe("7");
  });

  it("starts over when the server's event log is behind the resume point (a fresh database)", async () => {
    const fake = fakeSignpost();
    const baseUrl = await fake.start();
    cleanup.push(fake.stop);
    fake.state.maxEventId = 2;
    const conn = fake.nextConnection();
    const watcher = createResolver({ baseUrl }).watch(["usermgr"], () => {}, { lastEventId: "900" });
    cleanup.push(() => watcher.stop());
    expect((await conn).lastEventId).toBeNull();
  });
});
