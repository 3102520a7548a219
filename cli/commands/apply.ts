// `signpost apply -f signpost.yaml [--dry-run] [--prune] [--select team=x]`: registers the file's
// APIs on their gateways. Validates the file with the REST schema, plans against the server's
// registrations, prints the plan, then applies it (or, with --dry-run, exits 2 when changes are
// pending). --prune deletes registrations Signpost made (cli, rest, form, mcp) within the selection
// that the file no longer lists; without --select, within the teams the file names.
import fs from "node:fs";
import path from "node:path";
import { commandArgs } from "../command-args";
import { connection } from "../connection";
import { CliError, EXIT } from "../fail";
import { createSignpostClient } from "../../lib/client/create-signpost-client";
import { SignpostError } from "../../lib/client/signpost-error";
import { cliErrorFor } from "../client-failure";
import { ApplyFileError, readApplyFile } from "../apply/read-apply-file";
import { assignGateways } from "../apply/assign-gateways";
import { computePlan, PlanConflict } from "../apply/compute-plan";
import { formatPlan } from "../apply/format-plan";
import { executePlan } from "../apply/execute-plan";
import { formatSelection, parseSelection, type Selection } from "../apply/selection";

const USAGE = "signpost apply -f signpost.yaml [--dry-run] [--prune] [--select team=x] [--output yaml] [--url URL] [--token TOKEN]";

/** Runs `signpost apply` with its arguments. */
export async function run(args: string[]): Promise<void> {
  const { values, positionals } = commandArgs("apply", args, {
    file: { type: "string", short: "f" },
    "dry-run": { type: "boolean" },
    prune: { type: "boolean" },
    select: { type: "string", multiple: true },
    output: { type: "string", short: "o" },
  }, USAGE);
  if (positionals.length) throw new CliError(`apply: unexpected argument "${positionals[0]}" (usage: ${USAGE})`, EXIT.usage);
  if (!values.file) throw new CliError(`apply: -f FILE is required (usage: ${USAGE})`, EXIT.usage);
  const selection = parseSelection(values.select);
  const conn = connection(values);
  const out = (line: string) => process.stdout.write(`${line}\n`);

  const fileName = values.file === "-" ? "<stdin>" : values.file;
  const file = parseFile(readText(values.file), fileName);
  readContracts(file, values.file === "-" ? process.cwd() : path.dirname(path.resolve(values.file)));
  const pruneScope = values.prune ? defaultPruneScope(selection, file.entries.map((e) => e.spec.team)) : undefined;

  if (values.output !== undefined && values.output !== "yaml") throw new CliError(`apply: --output takes "yaml" (usage: ${USAGE})`, EXIT.usage);

  // A large file can outrun the token's write budget (SIGNPOST_RATE_LIMIT_WRITE): wait as the
  // server says, up to a minute at a time, and say so on stderr.
  const client = createSignpostClient({
    ...conn,
    timeoutMs: 30_000,
    rateLimitRetries: 5,
    onRateLimited: (w) => process.stderr.write(`signpost: rate limited by the server (${new URL(w.url).pathname}); retrying in ${w.retryAfterSeconds} s\n`),
  });
  const [gateways, registrations] = await Promise.all([client.listGateways(), client.listRegistrations()]);
  const { desired, problems } = assignGateways(file, gateways.data.map((g) => g.name));
  if (problems.length) throw new CliError(problems.join("\n"), EXIT.invalidInput, true);

  if (values.output === "yaml") {
    // The manifests for GitOps: what registering each entry through its gateway's cluster would
    // apply. Nothing is registered.
    const docs: string[] = [];
    for (const d of desired) {
      try {
        docs.push(await client.registrationManifest({ body: { ...(d.spec as object), gateway: d.gateway } as Parameters<typeof client.registrationManifest>[0]["body"] }));
      } catch (err) {
        if (err instanceof SignpostError) throw cliErrorFor(err, file.where(d.index));
        throw err;
      }
    }
    process.stdout.write(docs.map((d) => d.replace(/\n?$/, "\n")).join("---\n"));
    return;
  }

  let plan;
  try {
    plan = computePlan({ desired, existing: registrations.data, selection, prune: Boolean(values.prune), pruneScope });
  } catch (err) {
    if (err instanceof PlanConflict) throw new CliError(`${file.where(err.index)}: ${err.message}`, EXIT.invalidInput, true);
    throw err;
  }
  const scope = formatSelection(selection);
  if (scope) out(`Selection ${scope} (${plan.outsideSelection} of ${file.entries.length} entries of the file left out).`);
  if (pruneScope) out(`Pruning within ${formatSelection(pruneScope)} (the teams of the file).`);
  for (const line of formatPlan(plan)) out(line);
  if (values["dry-run"]) {
    if (plan.changes.length) throw new CliError(`dry run: ${plan.changes.length} change${plan.changes.length > 1 ? "s" : ""} pending, nothing was changed`, EXIT.changesPending);
    return;
  }
  if (!plan.changes.length) return;
  out("");
  out(await executePlan(client, plan, out));
}

/**
 * `spec: ./openapi.yaml` names the entry's contract file, relative to the apply file (stdin:
 * the working directory); its text replaces the name. Inline documents (a mapping, or text with
 * several lines) are kept as they are.
 */
function readContracts(file: ReturnType<typeof parseFile>, dir: string): void {
  for (const e of file.entries) {
    const ref = e.spec.spec;
    if (typeof ref !== "string" || ref.includes("\n") || /^\s*\{/.test(ref)) continue;
    try {
      e.spec.spec = fs.readFileSync(path.resolve(dir, ref), "utf8");
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new CliError(`${file.where(e.index, "spec")}: cannot read ${ref}: ${code === "ENOENT" ? "no such file" : (err as Error).message}`, code === "ENOENT" ? EXIT.notFound : EXIT.invalidInput, true);
    }
  }
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`apply: cannot read ${file}: ${code === "ENOENT" ? "no such file" : (err as Error).message}`, EXIT.notFound);
  }
}

function parseFile(text: string, fileName: string) {
  try {
    return readApplyFile(text, fileName);
  } catch (err) {
    if (err instanceof ApplyFileError) throw new CliError(err.lines.join("\n"), EXIT.invalidInput, true);
    throw err;
  }
}

/** Without --select, --prune stays within the teams the file names (never other teams'). */
function defaultPruneScope(selection: Selection, teams: (string | undefined)[]): Selection | undefined {
  if (Object.keys(selection).length) return undefined;
  const named = [...new Set(teams.filter((t): t is string => Boolean(t)))];
  if (!named.length) throw new CliError("apply: --prune needs --select (e.g. --select team=shop) when the file names no team", EXIT.usage);
  return { team: named };
}
