// Runs once when the Next.js server starts: applies pending migrations (safe alongside the
// worker, under Prisma's advisory lock) before /api/health reports ok.
export async function register() {
  // Not while `next build` collects pages: there is no database then.
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startWebServer } = await import("./lib/web/start-web-server");
  await startWebServer();
}
