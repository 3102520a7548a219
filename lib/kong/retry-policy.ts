import { KongError } from "./errors";
import { backoffDelay } from "../client/backoff";

/** Methods safe to repeat: a retried PUT or DELETE has the same effect as one. POST is never retried. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "PUT", "DELETE"]);

/** Network errors, timeouts and 5xx answers are worth another attempt; 4xx and bad bodies are not. */
export function isRetryable(e: unknown): boolean {
  if (!(e instanceof KongError)) return false;
  if (e.kind === "unreachable" || e.kind === "timeout") return true;
  return e.kind === "http" && e.status !== undefined && e.status >= 500;
}

/** Small exponential backoff: 100 ms, 200 ms, 400 ms ... capped at 2 s. */
export function backoffMs(attempt: number): number {
  return backoffDelay(attempt, { initialMs: 100, maxMs: 2000 });
}
