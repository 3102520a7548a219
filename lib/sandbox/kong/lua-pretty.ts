// Renders values the way Penlight's pretty.write(t, "") does, because Kong embeds such
// renderings in error messages ("UNIQUE violation detected on '{name=\"billing\"}'").

const LUA_KEYWORDS = new Set([
  "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
  "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
]);

function quote(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

function renderKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) && !LUA_KEYWORDS.has(key) ? key : `[${quote(key)}]`;
}

/** Compact Lua table rendering: sorted keys, no spaces, `null` for JSON null. */
export function luaPretty(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return quote(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    // A Lua sequence with holes is written with explicit indexes for the entries that exist.
    const dense = value.every((v) => v !== null && v !== undefined);
    if (dense) return `{${value.map(luaPretty).join(",")}}`;
    const parts: string[] = [];
    value.forEach((v, i) => {
      if (v !== null && v !== undefined) parts.push(`[${i + 1}]=${luaPretty(v)}`);
    });
    return `{${parts.join(",")}}`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${renderKey(k)}=${luaPretty(v)}`).join(",")}}`;
}
