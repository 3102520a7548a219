import { describe, expect, it } from "vitest";
import { luaPretty } from "./lua-pretty";

describe("luaPretty", () => {
  it("renders like pl.pretty.write(t, \"\"): sorted keys, no spaces, null for null", () => {
    expect(luaPretty({ name: "billing" })).toBe('{name="billing"}');
    expect(luaPretty({ service: { id: "x" }, route: null, name: "basic-auth", consumer: null }))
      .toBe('{consumer=null,name="basic-auth",route=null,service={id="x"}}');
    expect(luaPretty({ services: [{ port: "p", host: "h" }] })).toBe('{services={{host="h",port="p"}}}');
  });
  it("brackets keys that are not identifiers and indexes sparse arrays", () => {
    expect(luaPretty({ "@referenced_by": "routes", end: 1 })).toBe('{["@referenced_by"]="routes",["end"]=1}');
    expect(luaPretty([null, "b"])).toBe('{[2]="b"}');
    expect(luaPretty('a"b')).toBe('"a\\"b"');
  });
});
