// Structured logger: one JSON object per line (or a readable line on a terminal).
// Fields whose name looks secret are redacted, and URLs lose their passwords.

type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
const SECRET_KEY = /token|secret|password|passwd|authorization|cookie|api[-_]?key/i;

/** True for a field name that holds a secret (redacted in logs, refused where Signpost would store it). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

// Defaults until an entry point calls configureLogger with the validated configuration.
let minLevel: Level | "silent" = "info";
let pretty = Boolean(process.stdout.isTTY);
let sink: (line: string, level: Level) => void = (line, level) =>
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(line + "\n");

export type LogFields = Record<string, unknown>;

/** Replaces secret-looking values and passwords inside URLs. */
export function redact(value: unknown, key = "", depth = 0): unknown {
  if (key && SECRET_KEY.test(key) && value !== undefined && value !== null) return "[redacted]";
  if (typeof value === "string") return value.replace(/(\w+:\/\/[^:/@\s]+:)[^@/\s]+@/g, "$1***@");
  if (value instanceof Error) return value.message;
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, "", depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redact(v, k, depth + 1);
  return out;
}

function write(level: Level, msg: string, fields?: LogFields, bound?: LogFields) {
  if (ORDER[level] < ORDER[minLevel]) return;
  const all = redact({ ...bound, ...fields }) as LogFields;
  if (pretty) {
    const extra = Object.entries(all).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
    sink(`${level.padEnd(5)} ${msg}${extra.length ? "  " + extra.join(" ") : ""}`, level);
  } else {
    sink(JSON.stringify({ time: new Date().toISOString(), level, msg, ...all }), level);
  }
}

export type Logger = {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
};

function make(bound?: LogFields): Logger {
  return {
    debug: (m, f) => write("debug", m, f, bound),
    info: (m, f) => write("info", m, f, bound),
    warn: (m, f) => write("warn", m, f, bound),
    error: (m, f) => write("error", m, f, bound),
    child: (f) => make({ ...bound, ...f }),
  };
}

export const logger: Logger = make();

/** Reconfigures the logger (level, format, and where lines go: tests capture them). */
export function configureLogger(opts: {
  level?: Level | "silent";
  pretty?: boolean;
  sink?: (line: string, level: Level) => void;
}): void {
  if (opts.level) minLevel = opts.level;
  if (opts.pretty !== undefined) pretty = opts.pretty;
  if (opts.sink) sink = opts.sink;
}
