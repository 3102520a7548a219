// `--select team=x` (repeatable, or comma-separated): which registrations an apply is about.
// Values of one key are alternatives; different keys must all match.
import { CliError, EXIT } from "../fail";

export const SELECT_KEYS = ["team", "microservice", "gateway"] as const;
export type SelectKey = (typeof SELECT_KEYS)[number];

/** key -> accepted values; an empty selection matches everything. */
export type Selection = Partial<Record<SelectKey, string[]>>;

/** The fields a selection looks at. */
export type Selectable = { team?: string | null; microservice?: string | null; gateway?: string | null };

/** Parses the --select values; a malformed one is a usage error. */
export function parseSelection(values: string[] = []): Selection {
  const out: Selection = {};
  for (const part of values.flatMap((v) => v.split(",")).map((s) => s.trim()).filter(Boolean)) {
    const m = /^([a-z]+)=(.+)$/.exec(part);
    if (!m || !(SELECT_KEYS as readonly string[]).includes(m[1])) {
      throw new CliError(`apply: --select "${part}": expected key=value with key ${SELECT_KEYS.join(", ")} (e.g. --select team=shop)`, EXIT.usage);
    }
    (out[m[1] as SelectKey] ??= []).push(m[2].trim());
  }
  return out;
}

/** True when `item` matches every key of `selection`. */
export function matchesSelection(selection: Selection, item: Selectable): boolean {
  return SELECT_KEYS.every((k) => {
    const want = selection[k];
    return !want?.length || (item[k] != null && want.includes(item[k]!));
  });
}

/** `team=shop,microservice=ordermgr`, or "" when empty. */
export function formatSelection(selection: Selection): string {
  return SELECT_KEYS.filter((k) => selection[k]?.length).map((k) => selection[k]!.map((v) => `${k}=${v}`).join(",")).join(",");
}
