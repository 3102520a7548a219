// Creates the embedded database (PGlite's initdb) in the directory given and exits. `signpost
// start` runs it as a child process when the data directory holds no database yet
// (lib/db/embedded.ts): initdb runs in a PGlite instance of its own and passes the new database
// over as an in-memory archive, and the long-lived process that then serves the database kept
// about 60 MiB of that in its C heap for good (docs/benchmarks.md).
//   node bin/create-embedded-db.mjs DIR
import { PGlite } from "@electric-sql/pglite";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node bin/create-embedded-db.mjs DIR");
  process.exit(64);
}
try {
  const db = await PGlite.create({ dataDir: dir });
  await db.close();
} catch (err) {
  // PGlite's file system errors carry a WASI error number, not a message.
  const WASI = { 2: "permission denied", 20: "file exists", 44: "no such file or directory", 54: "not a directory", 55: "directory not empty", 63: "operation not permitted" };
  const errno = err?.errno;
  console.error(err?.message || (errno !== undefined ? `${WASI[errno] ?? "file system error"} (errno ${errno}) in ${dir}` : String(err)));
  process.exit(1);
}
