import { describe, expect, it } from "vitest";
import { SCHEMAS } from "../schemas/index";
import { decodeFormPairs, inferRecord } from "./form-decode";

describe("form bodies", () => {
  it("decode dotted, bracketed and repeated keys", () => {
    expect(decodeFormPairs([["service.id", "x"], ["paths[]", "/a"], ["paths[]", "/b"], ["hosts", "h1"], ["hosts", "h2"], ["methods[1]", "GET"]]))
      .toEqual({ service: { id: "x" }, paths: ["/a", "/b"], hosts: ["h1", "h2"], methods: ["GET"] });
  });
  it("infer types from the schema", () => {
    const typed = inferRecord(SCHEMAS.services.fields, { port: "8080", enabled: "false", tags: "solo", path: "", name: "123" });
    expect(typed).toEqual({ port: 8080, enabled: false, tags: ["solo"], path: null, name: "123" });
  });
});
