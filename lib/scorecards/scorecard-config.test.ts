import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../env";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-scorecard-cfg-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function withFile(text: string) {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.yaml`);
  fs.writeFileSync(file, text);
  return () => loadConfig({ SIGNPOST_CONFIG: file });
}

describe("scorecards in SIGNPOST_CONFIG", () => {
  it("defaults to every built-in check and gold/silver/bronze", () => {
    const c = withFile("gateways: []\n")();
    expect(c.scorecards).toEqual({ levels: [{ name: "gold", min: 1 }, { name: "silver", min: 0.75 }, { name: "bronze", min: 0.5 }], belowLevels: "none", checks: [] });
  });

  it("reads required checks and extra checks", () => {
    const c = withFile("scorecards:\n  required: [owner, auth]\n  checks:\n    - {id: oncall, title: On-call, annotation: a8r.io/oncall, required: true}\n")();
    expect(c.scorecards.required).toEqual(["owner", "auth"]);
    expect(c.scorecards.checks).toEqual([{ id: "oncall", title: "On-call", annotation: "a8r.io/oncall", required: true }]);
  });

  it("refuses an unknown check with the path of the setting", () => {
    const load = withFile("scorecards:\n  required: [owner, uptime]\n");
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/SIGNPOST_CONFIG: .*: scorecards\.required\.1: /);
  });
});
