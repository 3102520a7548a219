// examples/signpost.yaml is valid with the registration schema, docs/pipeline.md shows it as it
// is, and the pipeline and pod examples in the docs are valid YAML.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { readApplyFile } from "../../cli/apply/read-apply-file";

const root = path.resolve(import.meta.dirname, "..", "..");
const example = fs.readFileSync(path.join(root, "examples", "signpost.yaml"), "utf8");

describe("examples/signpost.yaml", () => {
  it("validates", () => {
    const file = readApplyFile(example, "examples/signpost.yaml");
    expect(file.entries.map((e) => e.spec.name)).toEqual(["orders-v2", "orders-admin"]);
  });

  it("is the example docs/pipeline.md shows", () => {
    const doc = fs.readFileSync(path.join(root, "docs", "pipeline.md"), "utf8");
    const block = /```yaml\n(# signpost\.yaml[\s\S]*?)```/.exec(doc)?.[1];
    expect(block).toBe(example);
  });
});

describe("the YAML examples of docs/pipeline.md and docs/consumers.md", () => {
  it.each(["pipeline.md", "consumers.md"])("%s: every yaml block parses", (name) => {
    const doc = fs.readFileSync(path.join(root, "docs", name), "utf8");
    const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(parseAllDocuments(block).flatMap((d) => (Array.isArray(d) ? [] : d.errors)).map((e) => e.message)).toEqual([]);
  });
});
