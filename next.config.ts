import type { NextConfig } from "next";
import { API_CSP, COMMON_SECURITY_HEADERS } from "./lib/web/security-headers";
import { dedupeServerChunks } from "./lib/web/dedupe-server-chunks";

// `standalone` output is what the Dockerfile ships; local `npm start` uses `next start`.
const config: NextConfig = {
  output: process.env.SIGNPOST_STANDALONE === "1" ? "standalone" : undefined,
  poweredByHeader: false,
  reactStrictMode: true,
  typescript: { ignoreBuildErrors: true }, // `npm run typecheck` is the type gate; the build stays fast
  devIndicators: false,
  // unauthorized(): pages answer 401 with the sign-in page when reads are private (lib/web/page-reader.ts)
  experimental: { authInterrupts: true },
  compiler: {
    // Turbopack writes some server chunks several times under other names; each copy a server
    // loads is held again as source text (lib/web/dedupe-server-chunks.ts).
    async runAfterProductionCompile({ distDir }) {
      const { replaced, bytes } = dedupeServerChunks(distDir);
      if (replaced) console.log(`   Server chunks: ${replaced} repeated chunks (${(bytes / 1e6).toFixed(1)} MB) now load their first copy`);
    },
  },
  async headers() {
    return [
      { source: "/:path*", headers: COMMON_SECURITY_HEADERS },
      // Pages get theirs, with a nonce, from proxy.ts.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
      { source: "/metrics", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
      { source: "/mcp", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
    ];
  },
};

export default config;
