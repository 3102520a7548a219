import net from "node:net";
import { describe, expect, it } from "vitest";
import { assertPortFree, freePort } from "./check-port";

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
});
