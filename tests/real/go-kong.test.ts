// go-kong's own integration tests (github.com/kong/go-kong/kong, pinned in tools/real/go-kong)
// against the sandbox gateway: every top-level test in its own process against a gateway started
// empty for it (DB-less-only tests against a DB-less one). Every test must pass; the only skips
// allowed are go-kong's own, for Kong Enterprise, other Kong versions or optional features.
import { beforeAll, describe, expect, it } from "vitest";
import { buildKongTools } from "./helpers/build-kong-tools";
import { type GoTestResult, runGoKongSuite } from "./helpers/go-kong-suite";

// The reasons go-kong's helpers (test_utils.go) and tests give when a test does not apply to an
// open-source 3.9 gateway in the traditional_compatible router flavor without wasm.
const ALLOWED_SKIPS = [
  /^non-Enterprise test Kong instance, skipping$/,
  /^kong version 3\.9\.1 not in range /,
  /^Not an AI Gateway instance, skipping$/,
  /^"wasm" is not enabled$/,
  /^router flavor:"traditional_compatible"/,
  /^Key without set fails until Kong\/kong@302f2f7$/, // T.Skip in go-kong's source
  /^$/, // TestCustomEntityService: a bare T.Skip() in go-kong's source
];

describe("go-kong integration tests against the sandbox gateway", () => {
  let results: GoTestResult[] = [];

  beforeAll(async () => {
    buildKongTools();
    const run = await runGoKongSuite();
    results = run.results;
    console.log(`go-kong: ${run.passed} passed, ${run.failed} failed, ${run.skipped} skipped (${results.length} tests)`);
  }, 40 * 60_000);

  it("passes every test it runs", () => {
    const failed = results.filter((r) => r.status === "fail");
    expect(failed.map((r) => `${r.name} (${r.mode})\n${r.output.split("\n").slice(-40).join("\n")}`)).toEqual([]);
    expect(results.length).toBeGreaterThan(200);
  });

  it("skips only what go-kong skips for Enterprise, other versions or optional features", () => {
    const unexpected = results.filter((r) => r.status === "skip" && !ALLOWED_SKIPS.some((re) => re.test(r.skipReason ?? "")));
    expect(unexpected.map((r) => `${r.name}: ${r.skipReason}`)).toEqual([]);
  });

  it("covers consumers, every credential, certificates, SNIs, CA certificates, keys, targets, schemas and DB-less /config", () => {
    const passed = new Set(results.filter((r) => r.status === "pass").map((r) => r.name));
    for (const name of [
      "TestConsumersService", "TestKeyAuthCreate", "TestKeyAuthCreateWithTTL", "TestBasicAuthCreate", "TestHMACAuthCreate",
      "TestJWTCreate", "TestOauth2CredentialCreate", "TestACLGroupCreate", "TestCertificatesService", "TestSNIsCertificate",
      "TestCACertificatesService", "TestKeySetService", "TestKeyServiceWithSet", "TestUpstreamNodeHealthService",
      "TestSchemaService", "TestFillPluginDefaults", "TestListeners", "TestReloadDeclarativeRawConfig",
    ]) expect(passed, name).toContain(name);
    expect(results.find((r) => r.name === "TestReloadDeclarativeRawConfig")?.mode).toBe("dbless");
  });
});
