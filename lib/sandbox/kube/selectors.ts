// Label and field selectors as the API server parses them (reference §1.4). Parse errors become
// 400 BadRequest Status bodies, so they are thrown as KubeApiError here.
import { apiErrors } from "./status-errors";
import type { KubeObject, ResourceDef } from "./types";

type LabelRequirement = {
  key: string;
  op: "in" | "notin" | "exists" | "!exists" | "gt" | "lt";
  values: string[];
};

/** A predicate over an object's labels; `matches(undefined)` means "no labels". */
export type LabelSelector = { requirements: LabelRequirement[]; matches(labels: Record<string, string> | undefined): boolean };

const SPECIAL = new Set([",", "(", ")", "!", "=", "<", ">", " ", "\t", "\n"]);

function tokenize(input: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c === " " || c === "\t" || c === "\n") { i++; continue; }
    if (c === "!" && input[i + 1] === "=") { out.push("!="); i += 2; continue; }
    if (c === "=" && input[i + 1] === "=") { out.push("=="); i += 2; continue; }
    if (SPECIAL.has(c)) { out.push(c); i++; continue; }
    let j = i;
    while (j < input.length && !SPECIAL.has(input[j])) j++;
    out.push(input.slice(i, j));
    i = j;
  }
  return out;
}

const isIdent = (t: string | undefined): t is string => t !== undefined && !SPECIAL.has(t) && t !== "!=" && t !== "==";

// The wording after "unable to parse requirement:" approximates the Go lexer's messages.
function parseError(detail: string): never {
  throw apiErrors.badRequest(`unable to parse requirement: ${detail}`);
}

/** Parses `a=b,c!=d,e in (f,g),h notin (i),j,!k` (comma = AND). Empty selects everything. */
export function parseLabelSelector(selector: string | undefined | null): LabelSelector {
  const requirements: LabelRequirement[] = [];
  const toks = tokenize(selector ?? "");
  let p = 0;
  while (p < toks.length) {
    let req: LabelRequirement;
    if (toks[p] === "!") {
      const key = toks[p + 1];
      if (!isIdent(key)) parseError(`found '${key ?? ""}', expected: identifier`);
      req = { key, op: "!exists", values: [] };
      p += 2;
    } else {
      const key = toks[p];
      if (!isIdent(key)) parseError(`found '${key}', expected: !, identifier, or 'end of string'`);
      const op = toks[p + 1];
      if (op === undefined || op === ",") {
        req = { key, op: "exists", values: [] };
        p += 1;
      } else if (op === "=" || op === "==" || op === "!=") {
        const v = toks[p + 2];
        // An empty value ("a=") is legal: the next token is a comma or the end.
        const value = isIdent(v) ? v : "";
        req = { key, op: op === "!=" ? "notin" : "in", values: [value] };
        p += isIdent(v) ? 3 : 2;
      } else if (op === "in" || op === "notin") {
        if (toks[p + 2] !== "(") parseError(`found '${toks[p + 2] ?? ""}' expected: '('`); // sic: no comma in Go's text
        const values: string[] = [];
        p += 3;
        for (;;) {
          const t = toks[p];
          if (t === ")") { p++; break; }
          // After a value only ',' or ')' may follow; after '(' or ',' a value may too (the Go parser's messages).
          if (t === undefined) {
            const prev = toks[p - 1];
            parseError(isIdent(prev) ? "found '', expected: ',' or ')'" : prev === "," ? "found '', expected: ',', or identifier" : "found '', expected: ',', ')' or identifier");
          }
          if (t === ",") { if (toks[p - 1] === "(" || toks[p - 1] === ",") values.push(""); p++; continue; }
          if (!isIdent(t)) parseError(`found '${t}', expected: ',', ')' or identifier`);
          values.push(t);
          p++;
        }
        req = { key, op, values };
      } else if (op === ">" || op === "<") {
        const v = toks[p + 2];
        if (!isIdent(v) || !/^-?\d+$/.test(v)) parseError(`for 'Gt', 'Lt' operators, the value must be an integer`);
        req = { key, op: op === ">" ? "gt" : "lt", values: [v] };
        p += 3;
      } else {
        parseError(`found '${op}', expected: in, notin, =, ==, !=, gt, lt`);
      }
    }
    requirements.push(req);
    if (p < toks.length) {
      if (toks[p] !== ",") parseError(`found '${toks[p]}', expected: ',' or 'end of string'`);
      p++;
      // The Go parser reports this one without the "unable to parse requirement" prefix.
      if (p >= toks.length) throw apiErrors.badRequest("found '', expected: identifier after ','");
    }
  }
  return {
    requirements,
    matches(labels) {
      const l = labels ?? {};
      return requirements.every((r) => {
        const has = Object.prototype.hasOwnProperty.call(l, r.key);
        switch (r.op) {
          case "exists": return has;
          case "!exists": return !has;
          case "in": return has && r.values.includes(l[r.key]);
          case "notin": return !has || !r.values.includes(l[r.key]);
          case "gt": return has && /^-?\d+$/.test(l[r.key]) && Number(l[r.key]) > Number(r.values[0]);
          case "lt": return has && /^-?\d+$/.test(l[r.key]) && Number(l[r.key]) < Number(r.values[0]);
        }
      });
    },
  };
}

type FieldRequirement = { field: string; op: "=" | "!="; value: string };

/** Splits on unescaped commas and unescapes `\,` `\=` `\\` like fields.ParseSelector. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "\\" && i + 1 < s.length) { cur += s[i] + s[i + 1]; i++; continue; }
    if (s[i] === ",") { out.push(cur); cur = ""; continue; }
    cur += s[i];
  }
  out.push(cur);
  return out;
}

const unescape = (s: string) => s.replace(/\\(.)/g, "$1");

/** Parses a field selector; errors use the apimachinery wording. */
export function parseFieldSelector(selector: string | undefined | null): FieldRequirement[] {
  const s = (selector ?? "").trim();
  if (!s) return [];
  return splitTerms(s).map((part) => {
    for (const op of ["!=", "==", "="] as const) {
      const idx = part.indexOf(op);
      if (idx >= 0) {
        return { field: part.slice(0, idx).trim(), op: op === "!=" ? "!=" : "=", value: unescape(part.slice(idx + op.length)) };
      }
    }
    throw apiErrors.badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
  });
}

/** Field values the API server indexes per kind (SelectableFields); metadata.* everywhere. */
function fieldValue(d: ResourceDef, obj: KubeObject, field: string): string | undefined {
  switch (field) {
    case "metadata.name": return obj.metadata.name ?? "";
    case "metadata.namespace": return obj.metadata.namespace ?? "";
  }
  if (d.kind === "Service" && field === "spec.type") return obj.spec?.type ?? "";
  if (d.kind === "Service" && field === "spec.clusterIP") return obj.spec?.clusterIP ?? "";
  if (d.kind === "Namespace" && field === "status.phase") return obj.status?.phase ?? "";
  if (d.kind === "Node" && field === "spec.unschedulable") return String(Boolean(obj.spec?.unschedulable));
  if (d.kind === "Secret" && field === "type") return obj.type ?? "";
  return undefined;
}

/** Compiles both selectors of a list/watch request into one predicate; throws 400 on bad input. */
export function compileSelectors(d: ResourceDef, labelSelector?: string | null, fieldSelector?: string | null): (obj: KubeObject) => boolean {
  const labels = parseLabelSelector(labelSelector);
  const fields = parseFieldSelector(fieldSelector);
  const probe: KubeObject = { metadata: {} };
  for (const f of fields) {
    if (fieldValue(d, probe, f.field) === undefined) {
      // Core kinds have hand-written conversion funcs; other groups and CRDs use the default one.
      throw apiErrors.badRequest(d.group === ""
        ? `field label not supported: ${f.field}`
        : `"${f.field}" is not a known field selector: only "metadata.name", "metadata.namespace"`);
    }
  }
  if (labels.requirements.length === 0 && fields.length === 0) return () => true;
  return (obj) =>
    labels.matches(obj.metadata.labels) &&
    fields.every((f) => (fieldValue(d, obj, f.field) === f.value) === (f.op === "="));
}
