import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../env";
import { probeSettings } from "./probe-settings";

describe("probe settings", () => {
  it("default to a probe every 30 s, 5 s each, 8 at once", () => {
    const s = probeSettings(loadConfig({ SIGNPOST_TRY_ALLOW: "localhost" }));
    expect(s).toMatchObject({ intervalMs: 30_000, timeoutMs: 5_000, concurrency: 8, allow: "localhost", gateways: [] });
  });

  it("take durations and a count from the environment", () => {
    const s = probeSettings(loadConfig({ SIGNPOST_PROBE_INTERVAL: "500ms", SIGNPOST_PROBE_TIMEOUT: "300ms", SIGNPOST_PROBE_CONCURRENCY: "2" }));
    expect(s).toMatchObject({ intervalMs: 500, timeoutMs: 300, concurrency: 2 });
  });

  it.each([
    [{ SIGNPOST_PROBE_INTERVAL: "soon" }, 'SIGNPOST_PROBE_INTERVAL: "soon" is not a duration'],
    [{ SIGNPOST_PROBE_INTERVAL: "50ms" }, "SIGNPOST_PROBE_INTERVAL: must be at least 200ms"],
    [{ SIGNPOST_PROBE_TIMEOUT: "10ms" }, "SIGNPOST_PROBE_TIMEOUT: must be at least 100ms"],
    [{ SIGNPOST_PROBE_CONCURRENCY: "0" }, "SIGNPOST_PROBE_CONCURRENCY:"],
    [{ SIGNPOST_PROBE_CONCURRENCY: "many" }, "SIGNPOST_PROBE_CONCURRENCY:"],
    [{ SIGNPOST_PROBE_INTERVAL: "1s", SIGNPOST_PROBE_TIMEOUT: "2s" }, "SIGNPOST_PROBE_TIMEOUT: must not be longer than SIGNPOST_PROBE_INTERVAL"],
  ])("refuse %j naming the setting", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
