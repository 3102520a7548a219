// A webhook receiver for tests: an HTTP server on 127.0.0.1 (free port) that records every
// request and answers what the test says. Tests await requests instead of sleeping.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedRequest = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string; at: number };

/** Decides the status of the n-th request (0-based); may wait (a Promise) to hold the answer back. */
export type Responder = (req: ReceivedRequest, n: number) => number | Promise<number>;

export type TestReceiver = {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  readonly requests: ReceivedRequest[];
  respond(fn: Responder): void;
  /** the next request not yet returned by next() (waits for it) */
  next(timeoutMs?: number): Promise<ReceivedRequest>;
  /** waits until `count` requests arrived; returns them all */
  received(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
};

/** Starts a receiver answering 200 until told otherwise. */
export async function startTestReceiver(): Promise<TestReceiver> {
  const requests: ReceivedRequest[] = [];
  const waiters: (() => void)[] = [];
  let responder: Responder = () => 200;
  let consumed = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const r: ReceivedRequest = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() };
      const n = requests.push(r) - 1;
      waiters.splice(0).forEach((w) => w());
      const status = await responder(r, n);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  async function received(count: number, timeoutMs = 5000): Promise<ReceivedRequest[]> {
    const deadline = Date.now() + timeoutMs;
    while (requests.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} webhook requests within ${timeoutMs} ms, got ${requests.length}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return requests.slice(0, Math.max(count, requests.length));
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    respond: (fn) => void (responder = fn),
    async next(timeoutMs) {
      await received(consumed + 1, timeoutMs);
      return requests[consumed++];
    },
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
