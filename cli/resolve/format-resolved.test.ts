import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { envName, formatResolved } from "./format-resolved";
import type { CacheEntry } from "../../lib/client/resolver-cache";

const entry: CacheEntry = {
  name: "orders-v2", url: "http://localhost:8000/v2/orders", etag: '"e"', index: "3", resolvedAt: "2026-11-26T10:00:00.000Z", exposures: [],
  exposureMode: "Gateway", id: "6f1c3c3e-1d7a-4d55-9a53-3f0a1b2c3d4e", key: "api:orders-v2", microservice: "ordermgr", team: "shop", cluster: null, namespace: null,
};

describe("formatResolved", () => {
  it("names the variable after the API: upper case, other characters as _", () => {
    expect(envName("orders-v2")).toBe("ORDERS_V2_URL");
    expect(envName("shop.users@eu")).toBe("SHOP_USERS_EU_URL");
    expect(envName("3d-render")).toBe("_3D_RENDER_URL");
  });

  it("prints the URL, the assignment, or the JSON entry with the stale flag", () => {
    expect(formatResolved(entry, "url", false)).toBe("http://localhost:8000/v2/orders");
    expect(formatResolved(entry, "env", false)).toBe("ORDERS_V2_URL='http://localhost:8000/v2/orders'");
    expect(JSON.parse(formatResolved(entry, "json", true)!)).toEqual({ ...entry, stale: true });
    expect(formatResolved({ ...entry, url: null }, "url", false)).toBeNull();
  });
});

describe("--format env in a shell", () => {
  const hostile = [
    "http://localhost:8000/v2/orders",
    "http://x/$(touch PWNED)",
    "http://x/`touch PWNED`",
    "http://x/a;touch PWNED",
    "http://x/it's 'quoted'",
    'http://x/"double" \\back\\slash $HOME ${HOME}',
    "http://x/line\nbreak && touch PWNED",
    "http://x/*?[a]|&<>~!#%",
    "",
  ];

  it.each(hostile)("eval and source in sh give exactly %j, and run nothing", (url) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "resolve-env-"));
    try {
      const line = formatResolved({ ...entry, url }, "env", false)!;
      fs.writeFileSync(path.join(dir, "api.env"), line + "\n");
      const script = 'eval "$(cat api.env)"; printf %s "$ORDERS_V2_URL" > evaled; unset ORDERS_V2_URL; . ./api.env; printf %s "$ORDERS_V2_URL" > sourced';
      execFileSync("sh", ["-c", script], { cwd: dir });
      expect(fs.readFileSync(path.join(dir, "evaled"), "utf8")).toBe(url);
      expect(fs.readFileSync(path.join(dir, "sourced"), "utf8")).toBe(url);
      expect(fs.existsSync(path.join(dir, "PWNED"))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
