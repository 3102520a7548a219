// V8 settings of every Signpost process: bin/signpost.mjs imports this module first, and web
// servers preload it (node --import), as `signpost start` and the web image run them.
// WebAssembly is compiled by Liftoff, V8's baseline compiler, alone. Prisma's query compiler and
// PGlite's PostgreSQL are large wasm modules; tiering their hot functions up to TurboFan kept
// 40-60 MiB more resident per process, for no measurable difference in the CPU time of a query
// here (docs/benchmarks.md). V8 reads the flag when it compiles a module, so it is set first.
import v8 from "node:v8";

v8.setFlagsFromString("--liftoff-only");
