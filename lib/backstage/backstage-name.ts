// Names Backstage accepts (its catalog model's object-name rule: 1-63 characters, letters, digits
// and "-", "_", "." between letters or digits). A name that had to change, or is taken, gets a
// short hash of what it stands for, so two different things never get one name.
import crypto from "node:crypto";

const VALID = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** True when Backstage accepts `name` as metadata.name as it is. */
export function isBackstageName(name: string): boolean {
  return name.length >= 1 && name.length <= 63 && VALID.test(name);
}

/** `raw` made valid; with `identity`'s hash appended when it had to change or when `taken` says so. */
export function backstageName(raw: string, identity: string, taken = false): string {
  if (!taken && isBackstageName(raw)) return raw;
  const hash = crypto.createHash("sha256").update(identity).digest("hex").slice(0, 8);
  const base = raw.replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^[^A-Za-z0-9]+/, "").slice(0, 63 - 9).replace(/[^A-Za-z0-9]+$/, "");
  return base ? `${base}-${hash}` : `x-${hash}`;
}
