import { schemaViolation } from "../api-error";

/** The pieces LuaSocket's url.parse extracts (the parser behind Kong's `url` shorthand). */
export type ParsedUrl = { scheme?: string; host?: string; port?: string; path?: string };

/** url.parse from LuaSocket: lenient, so "invalid url" becomes a path with no host. */
export function parseLuaUrl(input: string): ParsedUrl {
  let rest = input;
  const out: ParsedUrl = {};
  rest = rest.replace(/#.*$/s, "");
  rest = rest.replace(/^([A-Za-z0-9][A-Za-z0-9+\-.]*):/, (_m, s: string) => {
    out.scheme = s;
    return "";
  });
  let authority: string | undefined;
  rest = rest.replace(/^\/\/([^/]*)/, (_m, a: string) => {
    authority = a;
    return "";
  });
  rest = rest.replace(/\?.*$/s, "").replace(/;.*$/s, "");
  if (rest !== "") out.path = rest;
  if (authority !== undefined) {
    let a = authority.replace(/^[^@]*@/, "");
    a = a.replace(/:([^:\]]*)$/, (_m, p: string) => {
      if (p !== "") out.port = p;
      return "";
    });
    a = a.replace(/^\[(.*)\]$/, "$1");
    if (a !== "") out.host = a;
  }
  return out;
}

/**
 * services.lua `url` shorthand: protocol, host, port and path from one URL. The path becomes
 * null when the URL has none, so a PATCH with `url` clears an existing path.
 */
export function expandServiceUrl(input: Record<string, unknown>): Record<string, unknown> {
  if (input.url === undefined) return input;
  const { url, ...rest } = input;
  if (typeof url !== "string") throw schemaViolation({ url: "expected a string" });
  const p = parseLuaUrl(url);
  const numericPort = p.port !== undefined && /^\d+$/.test(p.port) ? Number(p.port) : undefined;
  const byPort = numericPort === 80 ? "http" : numericPort === 443 ? "https" : undefined;
  const protocol = p.scheme ?? byPort ?? "http";
  const port = numericPort ?? p.port ?? (protocol === "http" ? 80 : protocol === "https" ? 443 : 80);
  return { ...rest, protocol, host: p.host ?? null, port, path: p.path ?? null };
}
