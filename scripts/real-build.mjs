// `npm run real:build`: builds the real control plane used by tests/real (kube-apiserver and etcd)
// from the pinned wrapper modules under tools/real/, copies the pinned Gateway API CRDs, and builds the
// Kong-side tools (go-kong's test binary, decK: tools/real/build-kong-tools.sh, into tools/real/bin),
// and the Kong Ingress Controller with the CRDs of the kubernetes-configuration module it names.
// Output: .real/bin/{etcd,kube-apiserver,openapi-pb,kic}, .real/crds/gateway-api/*.yaml and
// .real/crds/kic/*.yaml (ignored by git).
// A component is rebuilt only when its pin changes (go.mod/go.sum, the Go version or the flags):
// each output has a .stamp file with the hash of those. A failure names the component, the
// module and the step, with the tail of the tool's output.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const outDir = path.join(root, ".real");
const binDir = path.join(outDir, "bin");

/** The version -X flags kube's own build sets (hack/lib/version.sh), from the module's version and date. */
function kubeLdflags({ Version, Time }) {
  const [, major, minor] = /^v(\d+)\.(\d+)\./.exec(Version) ?? [];
  const flags = [];
  for (const pkg of ["k8s.io/component-base/version", "k8s.io/client-go/pkg/version"]) {
    flags.push(`-X ${pkg}.gitVersion=${Version}`, `-X ${pkg}.gitMajor=${major}`, `-X ${pkg}.gitMinor=${minor}`,
      // The proxy gives no commit hash (left empty); "archive" is what kube's build says for a source tarball.
      `-X ${pkg}.gitCommit=`, `-X ${pkg}.gitTreeState=archive`, `-X ${pkg}.buildDate=${Time.replace(/\.\d+Z$/, "Z")}`);
  }
  return flags;
}

/** The metadata -X flags of KIC's own Makefile (LDFLAGS_METADATA), from the module's version. */
function kicLdflags({ Version, Origin }) {
  const pkg = "github.com/kong/kubernetes-ingress-controller/v3/pkg/metadata";
  return [`-X ${pkg}.Release=${Version}`, `-X ${pkg}.Commit=${Origin?.Hash ?? ""}`,
    `-X ${pkg}.Repo=https://github.com/Kong/kubernetes-ingress-controller.git`, `-X ${pkg}.ProjectURL=https://github.com/Kong/kubernetes-ingress-controller`];
}

// The checksum database has no entry for go-database-reconciler v1.31.6 (a 404, 2026-12), which KIC
// v3.5.11 requires: its hash is taken from the module proxy once and kept in tools/real/kic/go.sum.
const KIC_ENV = { GONOSUMDB: "github.com/kong/go-database-reconciler" };

const BINARIES = [
  { name: "etcd", dir: "tools/real/etcd", module: "go.etcd.io/etcd/server/v3", pkg: "go.etcd.io/etcd/server/v3", ldflags: () => [] },
  { name: "kube-apiserver", dir: "tools/real/kube-apiserver", module: "k8s.io/kubernetes", pkg: "k8s.io/kubernetes/cmd/kube-apiserver", ldflags: kubeLdflags },
  // Our own converter from OpenAPI v2 JSON to the API server's protobuf (npm run sandbox:openapi).
  { name: "openapi-pb", dir: "tools/real/openapi-pb", module: "github.com/google/gnostic-models", pkg: ".", ldflags: () => [] },
  // KIC's main package is internal (another module may build it by path, not import it).
  { name: "kic", dir: "tools/real/kic", module: "github.com/kong/kubernetes-ingress-controller/v3", pkg: "github.com/kong/kubernetes-ingress-controller/v3/internal/cmd", ldflags: kicLdflags, env: KIC_ENV },
];
const CRDS = [
  { name: "gateway-api CRDs", dir: "tools/real/gateway-api", module: "sigs.k8s.io/gateway-api", from: "config/crd/standard", to: "crds/gateway-api" },
  // The CRDs KIC watches (KongPlugin, KongConsumer, ...), from the module KIC's go.mod names.
  { name: "KIC CRDs", dir: "tools/real/kic", module: "github.com/kong/kubernetes-configuration", from: "config/crd/ingress-controller", to: "crds/kic", env: KIC_ENV, skip: ["kustomization.yaml"] },
];

class StepError extends Error {}

function go(component, step, args, cwd) {
  const r = spawnSync("go", args, { cwd, encoding: "utf8", env: { ...process.env, CGO_ENABLED: "0", ...component.env }, maxBuffer: 64 << 20 });
  if (r.error || r.status !== 0) {
    const tail = `${r.stderr ?? ""}${r.stdout ?? ""}`.trim().split("\n").slice(-25).join("\n");
    throw new StepError(`real:build: ${component.name} (${component.module}): step "go ${args[0]}${args[1] && !args[1].startsWith("-") ? ` ${args[1]}` : ""}" failed` +
      ` (${r.error ? r.error.message : `exit ${r.status}`})\n${tail}`);
  }
  return r.stdout;
}

function moduleInfo(c, cwd) {
  const info = JSON.parse(go(c, "mod download", ["mod", "download", "-json", c.module], cwd));
  if (info.Error) throw new StepError(`real:build: ${c.name} (${c.module}): step "go mod download" failed\n${info.Error}`);
  // The release date (for buildDate) is in the module's .info file.
  return { ...info, Time: JSON.parse(fs.readFileSync(info.Info, "utf8")).Time };
}

function stampOf(cwd, extra) {
  const h = crypto.createHash("sha256");
  for (const f of ["go.mod", "go.sum"]) h.update(fs.readFileSync(path.join(cwd, f)));
  h.update(spawnSync("go", ["version"], { encoding: "utf8" }).stdout ?? "");
  h.update(JSON.stringify(extra));
  return h.digest("hex");
}

function upToDate(target, stamp) {
  try {
    return fs.existsSync(target) && fs.readFileSync(`${target}.stamp`, "utf8") === stamp;
  } catch {
    return false;
  }
}

function buildBinary(c) {
  const cwd = path.join(root, c.dir);
  const target = path.join(binDir, c.name);
  const info = moduleInfo(c, cwd);
  const ldflags = ["-s", "-w", ...c.ldflags(info)].join(" ");
  const stamp = stampOf(cwd, { ldflags, pkg: c.pkg });
  if (upToDate(target, stamp)) return `${c.name} ${info.Version}: up to date`;
  const started = Date.now();
  fs.rmSync(`${target}.stamp`, { force: true });
  go(c, "build", ["build", "-trimpath", "-ldflags", ldflags, "-o", target, c.pkg], cwd);
  fs.writeFileSync(`${target}.stamp`, stamp);
  return `${c.name} ${info.Version}: built in ${((Date.now() - started) / 1000).toFixed(0)} s`;
}

function copyCrds(c) {
  const cwd = path.join(root, c.dir);
  const info = moduleInfo(c, cwd);
  const target = path.join(outDir, c.to);
  const stamp = stampOf(cwd, { from: c.from });
  if (upToDate(target, stamp)) return `${c.name} ${info.Version}: up to date`;
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  const src = path.join(info.Dir, c.from);
  for (const f of fs.readdirSync(src).filter((n) => n.endsWith(".yaml") && !c.skip?.includes(n))) {
    fs.copyFileSync(path.join(src, f), path.join(target, f));
    fs.chmodSync(path.join(target, f), 0o644); // the module cache is read-only
  }
  fs.writeFileSync(`${target}.stamp`, stamp);
  return `${c.name} ${info.Version}: copied to .real/${c.to}`;
}

fs.mkdirSync(binDir, { recursive: true });
const started = Date.now();
try {
  for (const c of BINARIES) console.log(`[real:build] ${buildBinary(c)}`);
  for (const c of CRDS) console.log(`[real:build] ${copyCrds(c)}`);
  // The Kong-side tools (go-kong's test binary, decK) have their own script and stamps.
  const kong = spawnSync("bash", [path.join(root, "tools/real/build-kong-tools.sh")], { stdio: "inherit" });
  if (kong.status !== 0) throw new Error(`[real:build] the Kong tools failed to build (tools/real/build-kong-tools.sh exited ${kong.status})`);
} catch (err) {
  console.error(err instanceof StepError ? err.message : err);
  process.exit(1);
}
console.log(`[real:build] done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
