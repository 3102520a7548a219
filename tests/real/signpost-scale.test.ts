// Many Services on a real API server, listed in pages (limit and continue) and then watched by
// Signpost as a user runs it. The size is REAL_SCALE_SERVICES (default 700: two list pages of 500
// chained by a continue token, quick enough for every CI run); `npm run bench:real` runs the same
// at 10,000 for docs/benchmarks.md. Figures are printed, never asserted.
import { describe, expect, it } from "vitest";
import { runScale } from "./helpers/scale-run";

const SIZE = Number(process.env.REAL_SCALE_SERVICES ?? 700);

describe(`${SIZE} Services on the real API server`, () => {
  it("are all listed page by page, then watched: updates, deletes and creates all arrive", async () => {
    expect(Number.isInteger(SIZE) && SIZE > 0, `REAL_SCALE_SERVICES must be a positive integer (got ${process.env.REAL_SCALE_SERVICES})`).toBe(true);
    const f = await runScale(SIZE, (line) => console.log(`[real scale] ${line}`));
    console.log(`[real figure] scale ${JSON.stringify(f)}`);
    // the first list of Services took ceil(N / limit) pages, chained by continue tokens
    const pages = Math.ceil((SIZE + 1) / f.pageLimit);
    expect(f.pageLimit).toBe(500);
    expect(f.serviceListPages).toBe(pages);
    expect(f.continuedPages).toBe(pages - 1);
  }, 900_000);
});
