// Secret-looking values replaced, for everything Signpost shows of objects it synced: an API's
// annotations (public to readers) and its source objects (editors). Keys are matched by the same
// rule the logger uses (lib/log.ts isSecretKey).
import { isSecretKey } from "../log";

export const REDACTED = "(redacted)";

/**
 * `value` with secrets replaced: the value of any key that names one (token, secret, password,
 * api key...), the password of any URL, and the same inside JSON held in a string (an object's
 * last-applied configuration annotation repeats the whole object).
 */
export function redactSecrets(value: unknown, key = "", depth = 0): unknown {
  if (key && isSecretKey(key) && value !== null && value !== undefined && value !== "") return REDACTED;
  if (typeof value === "string") {
    const t = value.trim();
    if (depth < 16 && (t.startsWith("{") || t.startsWith("[")) && t.length < 1_000_000) {
      try {
        return JSON.stringify(redactSecrets(JSON.parse(t) as unknown, "", depth + 1));
      } catch {
        // not JSON: a plain string
      }
    }
    return value.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@/\s]+@/gi, `$1${REDACTED}@`);
  }
  if (depth > 32 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, "", depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactSecrets(v, k, depth + 1)]));
}

/** An API's annotations as readers see them: secret-named values and URL passwords replaced. */
export function publicAnnotations(annotations: Record<string, string>): Record<string, string> {
  return redactSecrets(annotations) as Record<string, string>;
}
