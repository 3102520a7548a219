// Every complaint about the file names the line and column where it is.
import { describe, expect, it } from "vitest";
import { ApplyFileError, readApplyFile } from "./read-apply-file";

const problems = (text: string) => {
  try {
    readApplyFile(text, "signpost.yaml");
  } catch (err) {
    if (err instanceof ApplyFileError) return err.lines;
    throw err;
  }
  return [];
};

const FILE = `# registrations of team shop
apis:
  - name: orders-v2
    team: shop
    upstream:
      service: { cluster: sandbox, namespace: shop, name: ordermgr, port: 80 }
    route:
      paths: [/v2/orders]
  - name: users
    upstream:
      url: http://users.internal:8080
    route:
      paths:
        - users
      stripPath: "yes"
      color: blue
  - upstream: { url: "http://x:1" }
    route: { paths: [/x] }
`;

describe("readApplyFile", () => {
  it("maps each schema issue to its line and column", () => {
    expect(problems(FILE)).toEqual([
      "signpost.yaml:14:11: apis[1].route.paths[0]: should start with: / (fixed path) or ~/ (regex path)",
      "signpost.yaml:15:18: apis[1].route.stripPath: Invalid input: expected boolean, received string",
      'signpost.yaml:16:7: apis[1].route.color: unknown field ("color" is not part of a registration)',
      "signpost.yaml:17:5: apis[2].name: name is required",
    ]);
  });

  it("reports YAML syntax errors and duplicates by position", () => {
    expect(problems("apis:\n  - name: a\n    name: b\n")).toEqual(["signpost.yaml:3:5: Map keys must be unique"]);
    const dup = "apis:\n  - name: a\n    upstream: { url: 'http://a:1' }\n    route: { paths: [/a] }\n  - name: a\n    upstream: { url: 'http://a:1' }\n    route: { paths: [/b] }\n";
    expect(problems(dup)).toEqual(['signpost.yaml:5:11: apis[1].name: "a" is already in apis[0]']);
    expect(problems("")).toEqual(['signpost.yaml:1:1: the file is empty; it should hold "apis:" and a list of registrations']);
    expect(problems("apis: 3\n")).toEqual(["signpost.yaml:1:7: apis: apis must be a list of registrations (name, upstream, route, ...)"]);
  });

  it("returns the entries parsed as the server parses them", () => {
    const file = readApplyFile(FILE.split("  - name: users")[0], "signpost.yaml");
    expect(file.entries).toEqual([{ index: 0, spec: expect.objectContaining({ name: "orders-v2", route: { paths: ["/v2/orders"], stripPath: true } }) }]);
    expect(file.where(0, "route.paths")).toBe("signpost.yaml:8:14: apis[0].route.paths");
  });
});
