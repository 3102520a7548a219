// ListWatch against a scripted API server: a relist asked for while a list runs, or while the
// loop backs off after an error, is not lost (it used to wait for the watch's end, minutes away).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { KubeConfig } from "@kubernetes/client-node";
import { afterEach, describe, expect, it } from "vitest";
import { ListWatch } from "./list-watch";
import { waitFor } from "../../tests/helpers/wait-for";

type Scripted = { url: string; lists: number; watches: number; close(): Promise<void> };

/** Answers lists with `onList` (which may hold the answer) and keeps every watch open and silent. */
async function scriptedServer(onList: (n: number, res: http.ServerResponse) => void): Promise<Scripted> {
  const open = new Set<http.ServerResponse>();
  const state = { lists: 0, watches: 0 };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.searchParams.get("watch") === "true") {
      state.watches++;
      res.writeHead(200, { "content-type": "application/json" });
      res.flushHeaders();
      open.add(res);
      res.on("close", () => open.delete(res));
      return;
    }
    state.lists++;
    onList(state.lists, res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get lists() {
      return state.lists;
    },
    get watches() {
      return state.watches;
    },
    close: () => {
      for (const r of open) r.destroy();
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

function listBody(rv: string) {
  return JSON.stringify({ kind: "ServiceList", apiVersion: "v1", metadata: { resourceVersion: rv }, items: [] });
}

function kubeConfig(server: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "c", server, skipTLSVerify: true }],
    users: [{ name: "u" }],
    contexts: [{ name: "ctx", cluster: "c", user: "u" }],
    currentContext: "ctx",
  });
  return kc;
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

function start(srv: Scripted, extra: { initialBackoffMs?: number } = {}): ListWatch {
  const lw = new ListWatch(
    { kc: kubeConfig(srv.url), cluster: "c", path: "/api/v1/services", minListIntervalMs: 0, resyncIntervalMs: 0, ...extra },
    { onListPage: () => {}, onListDone: () => {}, onEvent: () => {} },
  );
  lw.start();
  cleanup.push(() => lw.stop());
  return lw;
}

describe("ListWatch resync", () => {
  it("a resync asked for while a list is in flight is followed by another list before watching", async () => {
    let release: (() => void) | undefined;
    const srv = await scriptedServer((n, res) => {
      const answer = () => res.writeHead(200, { "content-type": "application/json" }).end(listBody(String(n)));
      if (n === 2) release = answer; // the relist is held until the test says so
      else answer();
    });
    cleanup.push(() => srv.close());
    const lw = start(srv);
    await waitFor(() => srv.watches, (w) => w === 1, { what: "the first watch" });

    lw.resync();
    await waitFor(() => release, (r) => r !== undefined, { what: "the relist to be in flight" });
    lw.resync(); // asked while the relist runs: what changed may not be in it
    release!();

    await waitFor(() => srv.lists, (n) => n === 3, { what: "a third list after the resync asked during the second" });
    await waitFor(() => srv.watches, (w) => w === 2, { what: "the watch after the third list" });
    expect(lw.status.lists).toBe(3);
  });

  it("a resync asked for during a backoff lists at once instead of after the backoff", async () => {
    const srv = await scriptedServer((n, res) => {
      if (n === 1) res.writeHead(403, { "content-type": "application/json" }).end(JSON.stringify({ kind: "Status", code: 403, message: "forbidden" }));
      else res.writeHead(200, { "content-type": "application/json" }).end(listBody(String(n)));
    });
    cleanup.push(() => srv.close());
    // A backoff of ten minutes: only the resync can bring the second list within the wait below.
    const lw = start(srv, { initialBackoffMs: 600_000 });
    await waitFor(() => lw.status.phase, (p) => p === "backoff", { what: "the backoff after the refused list" });
    lw.resync();
    await waitFor(() => srv.lists, (n) => n === 2, { what: "the relist asked for during the backoff" });
    await waitFor(() => lw.status.phase, (p) => p === "watching", { what: "watching after the relist" });
  });

  it("a relist that fails is retried until it succeeds, never skipped by watching from the old version", async () => {
    let refuse = false;
    const srv = await scriptedServer((n, res) => {
      if (refuse) res.writeHead(403, { "content-type": "application/json" }).end(JSON.stringify({ kind: "Status", code: 403, message: 'services is forbidden: cannot list resource "services"' }));
      else res.writeHead(200, { "content-type": "application/json" }).end(listBody(String(n)));
    });
    cleanup.push(() => srv.close());
    const lw = start(srv, { initialBackoffMs: 20 });
    await waitFor(() => srv.watches, (w) => w === 1, { what: "the first watch" });

    refuse = true; // list refused from now on, watch still allowed
    lw.resync();
    await waitFor(() => srv.lists, (n) => n >= 4, { what: "the refused relist retried" });
    expect(srv.watches, "no watch from the old version while the relist is owed").toBe(1);
    expect(lw.status.lastError).toContain("cannot list resource");

    refuse = false;
    await waitFor(() => lw.status.phase, (p) => p === "watching", { what: "watching after a relist succeeds" });
    expect(lw.status.lastError).toBeUndefined();
  });
});
