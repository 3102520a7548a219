// Runs go-kong's integration tests against fresh sandbox gateways and prints the counts:
//   npx tsx scripts/go-kong-suite.ts [TestName ...] [--verbose]
// (the assertion lives in tests/real/go-kong.test.ts; this prints figures and failure output).
import { runGoKongSuite } from "../tests/real/helpers/go-kong-suite";

const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const names = args.filter((a) => !a.startsWith("--"));
const started = Date.now();
const r = await runGoKongSuite({
  names: names.length ? names : undefined,
  onResult: (t) => {
    if (t.status === "fail") console.log(`FAIL ${t.name} (${t.mode})${verbose ? `\n${t.output}` : ""}`);
    else if (verbose) console.log(`${t.status.toUpperCase()} ${t.name}${t.skipReason ? ` (${t.skipReason})` : ""}`);
  },
});
for (const t of r.results.filter((x) => x.status === "skip")) console.log(`skip ${t.name}: ${t.skipReason}`);
console.log(`go-kong: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped (${r.results.length} tests, ${Math.round((Date.now() - started) / 1000)} s)`);
process.exitCode = r.failed ? 1 : 0;
