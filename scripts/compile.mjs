// Compiles the server and CLI sources (cli/, lib/) to JavaScript in dist/, one file per source
// file with the same layout, so that `signpost start`, `signpost worker` and the client commands
// run without tsx or any other dev dependency (bin/signpost.mjs picks dist/ when it is current).
// Run by the postinstall build step (scripts/postinstall.mjs) and `npm run build`.
//   node scripts/compile.mjs [--out DIR]
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import * as esbuild from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const { values } = parseArgs({ options: { out: { type: "string", default: "dist" } } });
const out = path.resolve(root, values.out);
const DIRS = ["cli", "lib"];
const SKIP = /(\.test\.ts|\.d\.ts)$|\/testing\//;
/** data files read at run time next to their module (import.meta.dirname) */
const ASSETS = ["lib/sandbox/kube/openapi-data"];

function sources(dir) {
  const found = [];
  for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) found.push(...sources(rel));
    else if (/\.tsx?$/.test(e.name) && !SKIP.test(`/${rel}`)) found.push(rel);
  }
  return found;
}

/** The file a relative import names: ./x -> ./x.ts, ./dir -> ./dir/index.ts. */
function resolveSource(fromDir, spec) {
  const base = path.resolve(fromDir, spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/**
 * Packages whose entry module loads far more than Signpost uses, replaced in dist/ by a bundle of
 * only the names it imports (built below into dist/vendor/). @kubernetes/client-node's index and
 * its config.js load the whole generated API (about 800 modules, some 60 MiB of memory) for
 * KubeConfig alone; the bundle holds KubeConfig, its authenticators and their dependencies.
 * Importing another name of such a package fails at start-up (no such export), not silently.
 */
const VENDOR = {
  "@kubernetes/client-node": { file: "vendor/kube-config.js", entry: 'export { KubeConfig } from "@kubernetes/client-node";', own: /[\\/]node_modules[\\/]@kubernetes[\\/]client-node[\\/]/ },
};

// Every relative import stays an import of the compiled sibling (.js); packages stay packages,
// but for the VENDOR ones, which import their bundle.
const keepModules = {
  name: "keep-modules",
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === "entry-point") return undefined;
      const vendor = VENDOR[args.path];
      if (vendor) {
        const from = path.dirname(path.join(root, path.relative(root, args.importer)));
        return { path: path.relative(from, path.join(root, vendor.file)).split(path.sep).join("/"), external: true };
      }
      if (!args.path.startsWith(".")) return { path: args.path, external: true };
      const file = resolveSource(args.resolveDir, args.path);
      if (!file) return { errors: [{ text: `cannot resolve ${args.path} from ${args.importer}` }] };
      let rel = path.relative(args.resolveDir, file).replace(/\.tsx?$/, ".js");
      if (!rel.startsWith(".")) rel = `./${rel}`;
      return { path: rel.split(path.sep).join("/"), external: true };
    });
  },
};

const started = performance.now();
const entryPoints = DIRS.flatMap(sources);
// Built beside dist/ and swapped in, so that a process running from dist/ meanwhile (or a second
// compile) never sees it half written.
const next = `${out}.next-${process.pid}`;
const old = `${out}.old-${process.pid}`;
fs.rmSync(next, { recursive: true, force: true });
await esbuild.build({
  entryPoints,
  outdir: next,
  outbase: root,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "linked",
  logLevel: "warning",
  plugins: [keepModules],
});
// A vendor bundle inlines the package and its dependencies (node built-ins stay imports); the
// package's own modules count as free of side effects, so that what KubeConfig does not reach
// (the generated API and models) is left out.
for (const [name, v] of Object.entries(VENDOR)) {
  await esbuild.build({
    stdin: { contents: v.entry, resolveDir: root, loader: "js", sourcefile: `${name} (vendor entry)` },
    outfile: path.join(next, v.file),
    bundle: true,
    // V8 keeps every module's source text; minified (names kept for errors) it is a third.
    minify: true,
    keepNames: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
    // CommonJS dependencies inside an ES module bundle still call require() for built-ins.
    banner: { js: 'import { createRequire as __vendorRequire } from "node:module"; const require = __vendorRequire(import.meta.url);' },
    plugins: [
      {
        name: "vendor-side-effects",
        setup(build) {
          build.onResolve({ filter: /^\./ }, (args) => (v.own.test(args.importer) ? { path: path.resolve(args.resolveDir, args.path), sideEffects: false } : undefined));
        },
      },
    ],
  });
}
for (const a of ASSETS) fs.cpSync(path.join(root, a), path.join(next, a), { recursive: true });
// dist/ is ESM whatever the package says, and its stamp tells bin/signpost.mjs it is current.
fs.writeFileSync(path.join(next, "package.json"), JSON.stringify({ type: "module" }) + "\n");
fs.writeFileSync(path.join(next, "BUILD_STAMP"), new Date().toISOString() + "\n");
if (fs.existsSync(out)) fs.renameSync(out, old);
fs.renameSync(next, out);
fs.rmSync(old, { recursive: true, force: true });
console.log(`signpost: compiled ${entryPoints.length} files to ${path.relative(root, out) || "."} in ${Math.round(performance.now() - started)} ms`);
