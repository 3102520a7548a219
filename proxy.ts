// Runs before every page (not /api, /mcp, /metrics or static files): a fresh nonce per request and the
// page Content-Security-Policy that names it (lib/web/security-headers.ts). Next.js reads the
// nonce from the request's CSP header and puts it on the scripts and styles it renders.
import { NextResponse, type NextRequest } from "next/server";
import { pageCsp } from "./lib/web/security-headers";

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = pageCsp(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  // API bodies are never seen by this proxy (Next.js would buffer them for it).
  matcher: [
    {
      source: "/((?!api/|mcp$|metrics$|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
