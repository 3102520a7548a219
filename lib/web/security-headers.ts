// Security headers. Pages get a Content-Security-Policy with a per-request nonce (proxy.ts; the
// way Next.js documents for the App Router: Next puts the nonce on its own inline scripts and
// styles, and 'strict-dynamic' lets the scripts those load run). Every response gets nosniff, a
// framing ban and a referrer policy (next.config.ts); API responses a policy that allows nothing.

/** The page policy for one request. `dev` adds 'unsafe-eval', which React's development build needs. */
export function pageCsp(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Headers for every response. */
export const COMMON_SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** JSON, event streams and metrics are never documents: nothing may run, load or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";
