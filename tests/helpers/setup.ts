// Quiet logs during tests unless SIGNPOST_TEST_LOGS is set.
import { configureLogger } from "../../lib/log";

configureLogger({ level: process.env.SIGNPOST_TEST_LOGS ? "debug" : "silent", pretty: true });
