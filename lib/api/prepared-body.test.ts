import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { markDirect, PreparedBody, preparedBodyOf } from "./prepared-body";
import { rawJson, route } from "./route";

const TEXT = JSON.stringify({ data: [{ name: "café", description: "ünïcode ".repeat(300) }], total: 1 });

describe("PreparedBody", () => {
  it("measures its text in UTF-8 bytes and compresses it once", async () => {
    const body = new PreparedBody(TEXT);
    expect(body.byteLength).toBe(Buffer.from(TEXT, "utf8").length);
    expect(body.byteLength).toBeGreaterThan(TEXT.length);
    const gz = await body.gzipped();
    expect(zlib.gunzipSync(gz).toString("utf8")).toBe(TEXT);
    expect(await body.gzipped()).toBe(gz);
    expect(body.sameAs(new PreparedBody(`${TEXT}`))).toBe(true);
    expect(body.sameAs(new PreparedBody("{}"))).toBe(false);
  });
});

describe("rawJson through route()", () => {
  const handler = route({ access: "public" }, async () => rawJson(new PreparedBody(TEXT), 201, { etag: '"x"' }));

  it("answers any caller with the text as its body", async () => {
    const res = await handler(new Request("http://signpost.test/api/v1/apis"));
    expect([res.status, res.headers.get("content-type"), res.headers.get("etag")]).toEqual([201, "application/json", '"x"']);
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.text()).toBe(TEXT);
  });

  it("hands a request of the direct routes the body by reference, with the same status and headers", async () => {
    const req = new Request("http://signpost.test/api/v1/apis");
    markDirect(req);
    const res = await handler(req);
    expect([res.status, res.body, res.headers.get("etag"), res.headers.get("content-type")]).toEqual([201, null, '"x"', "application/json"]);
    expect(preparedBodyOf(res)?.text).toBe(TEXT);
  });
});
