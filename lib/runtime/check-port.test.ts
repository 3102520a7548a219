import net from "node:net";
import { describe, expect, it } from "vitest";
import { assertPortFree, ephemeralPorts, freePort } from "./check-port";

describe("ports", () => {
  it("freePort gives a port that can be bound, and assertPortFree names a taken one", async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    await assertPortFree(port, "TEST_PORT", "127.0.0.1");
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(port, "127.0.0.1", () => r()));
    await expect(assertPortFree(port, "TEST_PORT", "127.0.0.1")).rejects.toThrow(`port ${port} is already in use (TEST_PORT)`);
    await new Promise((r) => srv.close(r));
  });

  it("freePort picks below the kernel's ephemeral range, where port-0 listeners never land", async () => {
    const { low } = ephemeralPorts();
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    for (const p of ports) {
      expect(p).toBeGreaterThanOrEqual(10_000);
      expect(p).toBeLessThan(low);
    }
    // Port-0 listeners get their ports from the ephemeral range, which freePort leaves alone.
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
    expect((srv.address() as net.AddressInfo).port).toBeGreaterThanOrEqual(low);
    await new Promise((r) => srv.close(r));
  });
});
