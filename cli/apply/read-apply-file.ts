// Reads an apply file (`apis:` and a list of registrations) and validates every entry with the
// REST API's own schema (ZRegistration), so the file accepts exactly what the server does.
// Every problem is reported as `file:line:col: path: message`.
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { ZRegistration, type TRegistration } from "../../lib/api/schemas/registration";
import { formatPath, locate, type Position } from "./yaml-locator";

/** One registration of the file, as the server would parse it (defaults applied). */
export type FileEntry = { index: number; spec: TRegistration };

/** A valid apply file, and where its entries are. */
export type ApplyFile = {
  entries: FileEntry[];
  /** `file:line:col: apis[i].field` for a field of entry i (the entry itself without a field) */
  where(index: number, field?: string): string;
};

/** The problems of an invalid file, one `file:line:col: path: message` line each. */
export class ApplyFileError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join("\n"));
    this.name = "ApplyFileError";
  }
}

const ZApplyFile = z
  .object({
    apis: z.array(ZRegistration, { message: "apis must be a list of registrations (name, upstream, route, ...)" }),
  })
  .strict();

/** Parses and validates `text`; throws ApplyFileError listing every problem. */
export function readApplyFile(text: string, fileName: string): ApplyFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (p: Position) => `${fileName}:${p.line}:${p.col}`;
  if (doc.errors.length) {
    throw new ApplyFileError(
      doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return `${at(pos)}: ${e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`;
      }),
    );
  }
  const data = doc.toJS();
  if (data === null || data === undefined) throw new ApplyFileError([`${at({ line: 1, col: 1 })}: the file is empty; it should hold "apis:" and a list of registrations`]);
  const parsed = ZApplyFile.safeParse(data);
  if (!parsed.success) {
    throw new ApplyFileError(
      parsed.error.issues.map((i) => {
        const keys = i.code === "unrecognized_keys" ? i.keys : [];
        const key = keys[0];
        const path = key !== undefined ? [...i.path, key] : i.path;
        const message = key !== undefined ? `unknown field (${keys.map((k) => `"${k}"`).join(", ")} ${keys.length > 1 ? "are" : "is"} not part of a registration)` : i.message;
        return `${at(locate(doc, lines, i.path, key))}: ${formatPath(path) || "(file)"}: ${message}`;
      }),
    );
  }
  const entries = parsed.data.apis.map((spec, index) => ({ index, spec }));
  const duplicates: string[] = [];
  const seen = new Map<string, number>();
  for (const e of entries) {
    const id = `${e.spec.gateway ?? ""}/${e.spec.name}`;
    const first = seen.get(id);
    if (first !== undefined) duplicates.push(`${at(locate(doc, lines, ["apis", e.index, "name"]))}: apis[${e.index}].name: "${e.spec.name}" is already in apis[${first}]`);
    else seen.set(id, e.index);
  }
  if (duplicates.length) throw new ApplyFileError(duplicates);
  return {
    entries,
    where: (index, field) => {
      const path = ["apis", index, ...(field ? field.split(".") : [])];
      return `${at(locate(doc, lines, path))}: ${formatPath(path)}`;
    },
  };
}
