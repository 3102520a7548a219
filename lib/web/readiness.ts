// Whether the web server finished start-up (configuration, migrations), for /api/health.
// Kept on globalThis: instrumentation and route handlers may load separate module copies.
type Readiness = { ready: boolean; error?: string };
const state = globalThis as unknown as { __signpostReadiness?: Readiness };

export function setReadiness(r: Readiness): void {
  state.__signpostReadiness = r;
}

/** Whether start-up completed, and why not. */
export function webReadiness(): Readiness {
  return state.__signpostReadiness ?? { ready: false, error: "starting" };
}
