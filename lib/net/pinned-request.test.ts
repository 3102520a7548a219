// sendPinned connects to the checked address whatever DNS says, and keeps the URL's host name in
// the Host header and the TLS server name.
import http from "node:http";
import tls from "node:tls";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { sendPinned } from "./pinned-request";

const servers: { close(): void }[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

function listen<S extends http.Server | tls.Server>(server: S): Promise<number> {
  servers.push(server);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

describe("sendPinned", () => {
  it("connects to the pinned address and sends the URL's host in the Host header", async () => {
    const seen: { host?: string; body: string; path?: string }[] = [];
    const port = await listen(
      http.createServer((req, res) => {
        let body = "";
        req.on("data", (c) => (body += c));
        req.on("end", () => {
          seen.push({ host: req.headers.host, body, path: req.url });
          res.writeHead(202, "Accepted").end("ok");
        });
      }),
    );
    // hook.test does not exist in DNS: only the pinned lookup can make this connect.
    const url = new URL(`http://hook.test:${port}/in?a=1`);
    const res = await sendPinned({ url, addresses: ["127.0.0.1"] }, { body: '{"x":1}', timeoutMs: 2000 });
    expect(res).toMatchObject({ status: 202, statusText: "Accepted", body: "ok" });
    expect(seen).toEqual([{ host: `hook.test:${port}`, body: '{"x":1}', path: "/in?a=1" }]);
  });

  it("keeps the host name as the TLS server name (SNI) while connecting to the pinned address", async () => {
    let sni: string | undefined;
    // No certificate is needed: the server name arrives in the ClientHello, before any check.
    const server = tls.createServer({
      SNICallback: (name, cb) => {
        sni = name;
        cb(new Error("no certificate here"));
      },
    });
    const port = await listen(server);
    const url = new URL(`https://hooks.example.test:${port}/`);
    await expect(sendPinned({ url, addresses: ["127.0.0.1"] }, { timeoutMs: 2000 })).rejects.toThrow();
    expect(sni).toBe("hooks.example.test");
  });

  it("gives up after the time limit and on abort", async () => {
    const port = await listen(http.createServer(() => {})); // never answers
    const target = { url: new URL(`http://127.0.0.1:${port}/`), addresses: ["127.0.0.1"] };
    await expect(sendPinned(target, { timeoutMs: 150 })).rejects.toThrow("timed out after 150 ms");
    const ctl = new AbortController();
    const p = sendPinned(target, { timeoutMs: 5000, signal: ctl.signal });
    ctl.abort();
    await expect(p).rejects.toThrow("aborted");
  });
});
