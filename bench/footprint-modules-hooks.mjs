// Module hook of bench/footprint-probe.mjs (FOOTPRINT_MODULES=1): appends every ES module a
// process resolves to $FOOTPRINT_DIR/<pid>.modules, one URL a line.
import fs from "node:fs";
import path from "node:path";

const file = path.join(process.env.FOOTPRINT_DIR, `${process.pid}.modules`);

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  fs.appendFileSync(file, `${result.url}\n`);
  return result;
}
