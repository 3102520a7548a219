// The sandbox gateway's /vaults, as kong/db/schema/entities/vaults.lua and the bundled env vault
// (kong/vaults/env/schema.lua) define them: keyed by prefix, `name` picks the implementation.
import { describe, expect, it } from "vitest";
import { sandboxGatewaySuite, expectUuid } from "./kong-test-helpers";

const sandbox = sandboxGatewaySuite();
const api = sandbox.api;

describe("vaults", () => {
  it("an env vault is created, read by id and by prefix, patched, listed and deleted", async () => {
    const created = await api("POST", "/vaults", { prefix: "my-env", name: "env", config: { prefix: "SECRET_" }, tags: ["t1"] });
    expect(created.status).toBe(201);
    expect(created.body.id).toEqual(expectUuid());
    expect(created.body).toMatchObject({ prefix: "my-env", name: "env", description: null, config: { prefix: "SECRET_" }, tags: ["t1"] });
    expect(Number.isInteger(created.body.created_at)).toBe(true);

    expect((await api("GET", "/vaults/my-env")).body.id).toBe(created.body.id);
    expect((await api("GET", `/vaults/${created.body.id}`)).body.prefix).toBe("my-env");
    const patched = await api("PATCH", "/vaults/my-env", { description: "environment secrets" });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ description: "environment secrets", config: { prefix: "SECRET_" } });
    const list = await api("GET", "/vaults");
    expect(list.body.data.map((v: { prefix: string }) => v.prefix)).toEqual(["my-env"]);
    expect((await api("DELETE", "/vaults/my-env")).status).toBe(204);
    expect((await api("GET", "/vaults/my-env")).status).toBe(404);
  });

  it("config defaults to a record with a null prefix (records in entities are required)", async () => {
    const created = await api("POST", "/vaults", { prefix: "plain", name: "env" });
    expect(created.status).toBe(201);
    expect(created.body.config).toEqual({ prefix: null });
  });

  it("refuses what Kong refuses: a missing prefix, a prefix unfit for a vault:// host or named like a vault, an uninstalled vault, an unknown config field, a duplicate", async () => {
    const missing = await api("POST", "/vaults", { name: "env" });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 2, name: "schema violation", fields: { prefix: "required field missing" } });

    for (const prefix of ["a", "Env-1", "trailing-", "1abc"]) {
      const bad = await api("POST", "/vaults", { prefix, name: "env" });
      expect(bad.status, prefix).toBe(400);
      expect(bad.body.fields, prefix).toEqual({ prefix: `invalid value: ${prefix}` });
    }
    const shadow = await api("POST", "/vaults", { prefix: "env", name: "env" });
    expect(shadow.status).toBe(400);
    expect(shadow.body.fields).toEqual({ prefix: "must not be one of: env" });

    const aws = await api("POST", "/vaults", { prefix: "secrets", name: "aws" });
    expect(aws.status).toBe(400);
    expect(aws.body.fields).toEqual({ name: "vault 'aws' is not installed" });

    const extra = await api("POST", "/vaults", { prefix: "secrets", name: "env", config: { region: "eu" } });
    expect(extra.status).toBe(400);
    expect(extra.body.fields).toEqual({ config: { region: "unknown field" } });

    const badEnv = await api("POST", "/vaults", { prefix: "secrets", name: "env", config: { prefix: "1 space" } });
    expect(badEnv.status).toBe(400);
    expect(badEnv.body.fields).toEqual({ config: { prefix: "invalid value: 1 space" } });

    expect((await api("POST", "/vaults", { prefix: "dup", name: "env" })).status).toBe(201);
    const dup = await api("POST", "/vaults", { prefix: "dup", name: "env" });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ code: 5, name: "unique constraint violation", fields: { prefix: "dup" } });
  });
});
