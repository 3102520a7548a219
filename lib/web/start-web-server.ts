// Web server start-up: configuration check, migrations, and the readiness flag for /api/health.
import { loadConfig } from "../env";
import { migrate } from "../db/migrate";
import { configureLogger, logger } from "../log";

import { setReadiness } from "./readiness";
import { startProcessMetrics } from "../metrics/process-metrics";

/** Validates configuration and migrates; failures are logged in one line and kept for /api/health. */
export async function startWebServer(): Promise<void> {
  setReadiness({ ready: false, error: "starting" });
  startProcessMetrics();
  try {
    const config = loadConfig();
    configureLogger({ level: config.SIGNPOST_LOG_LEVEL, ...(config.SIGNPOST_LOG_FORMAT ? { pretty: config.SIGNPOST_LOG_FORMAT === "pretty" } : {}) });
    if (!config.DATABASE_URL) throw new Error("DATABASE_URL is not set (npm start sets it; a standalone web server needs it)");
    await migrate(config.DATABASE_URL);
    setReadiness({ ready: true });
  } catch (err) {
    setReadiness({ ready: false, error: (err as Error).message });
    logger.error("web server cannot start", { error: (err as Error).message });
  }
}
