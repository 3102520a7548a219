// The webhook dispatcher (runs in the worker process): polls the change log, enqueues one
// delivery per (subscription, matching event), and sends them - in event order per
// subscription, with exponential backoff on failure. Several dispatchers may share a database:
// enqueueing skips webhooks another one has locked and claims are leases taken with
// FOR UPDATE SKIP LOCKED, so each attempt is made by one dispatcher. Delivery is at least once:
// a receiver deduplicates on the event id (Signpost-Event-Id).
import type pg from "pg";
import { logger } from "../log";
import type { Resolve } from "../net/url-guard";
import { attemptDelivery } from "./attempt-delivery";
import { claimDeliveries, type ClaimedDelivery } from "./claim-deliveries";
import { enqueueDeliveries } from "./enqueue-deliveries";
import { EventHorizon } from "./event-horizon";
import { loadWebhookEvents } from "./load-webhook-events";
import { recordAttempt } from "./record-attempt";
import { trackWebhookHealth } from "./track-webhook-health";
import type { RetryPolicy } from "./retry-delay";
import type { SecretBox } from "./secret-box";
import { counter, histogram } from "../metrics/registry";

const attempts = counter("signpost_webhook_attempts_total", "Webhook delivery attempts by outcome (delivered, retry, failed, released, superseded).");
const attemptSeconds = histogram("signpost_webhook_attempt_duration_seconds", "Duration of webhook delivery attempts.", [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]);

export type WebhookDispatcherOptions = {
  db: { pool: pg.Pool };
  /** SIGNPOST_WEBHOOK_ALLOW: checked again before every attempt */
  allow: string | undefined;
  /** opens the sealed secrets (webhookSettings().box) */
  box: SecretBox;
  /** how often to look for new events and due retries (default 500 ms; kick() looks now) */
  pollIntervalMs?: number;
  /** time limit of one attempt, DNS included (default 10 s) */
  timeoutMs?: number;
  /** a failing delivery is retried for about this long, then marked failed (default 1 h) */
  maxAgeMs?: number;
  /** wait before the first retry (default 5 s), doubling after each failure... */
  firstRetryMs?: number;
  /** ...up to this much (default 5 min) */
  maxRetryMs?: number;
  /** attempts in flight at once, each for a different subscription (default 4) */
  concurrency?: number;
  /** how long a missing event id may hold back delivery while others write events (default 10 s) */
  gapGraceMs?: number;
  /** a subscription whose attempts all failed for this long is disabled (default 3 days) */
  disableAfterMs?: number;
  /** DNS replacement (tests) */
  resolve?: Resolve;
};

export type WebhookDispatcher = {
  /** stops polling, interrupts attempts in flight (they are handed back) and waits for them */
  stop(): Promise<void>;
  /** polls now, e.g. right after change events were written */
  kick(): void;
};

/** Starts a dispatcher; it polls until stop(). */
export function startWebhookDispatcher(opts: WebhookDispatcherOptions): WebhookDispatcher {
  const pool = opts.db.pool;
  const pollMs = opts.pollIntervalMs ?? 500;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const concurrency = opts.concurrency ?? 4;
  // The claim outlives the attempt by a margin: only a dispatcher that died leaves it to expire.
  const leaseMs = timeoutMs + 30_000;
  const policy: RetryPolicy = { firstRetryMs: opts.firstRetryMs ?? 5_000, maxRetryMs: opts.maxRetryMs ?? 300_000, maxAgeMs: opts.maxAgeMs ?? 3_600_000 };
  const horizon = new EventHorizon({ graceMs: opts.gapGraceMs ?? 10_000, batch: 500 });
  const log = logger.child({ component: "webhooks" });
  const abort = new AbortController();
  const inflight = new Map<string, Promise<void>>();
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let failing = false;

  function kick(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    running = poll().finally(() => {
      running = null;
      if (stopped) return;
      if (again) {
        again = false;
        kick();
      } else {
        timer = setTimeout(kick, pollMs);
      }
    });
  }

  async function poll(): Promise<void> {
    try {
      const queued = await enqueueDeliveries(pool, horizon);
      if (queued) log.debug("webhook deliveries queued", { count: queued });
      const free = concurrency - inflight.size;
      if (free > 0 && !stopped) {
        const claimed = await claimDeliveries(pool, free, leaseMs);
        const events = await loadWebhookEvents(pool, claimed.map((c) => c.eventId));
        for (const c of claimed) {
          const p = deliver(c, events).finally(() => {
            inflight.delete(c.id);
            kick(); // the next delivery of this subscription may go now
          });
          inflight.set(c.id, p);
        }
      }
      if (failing) log.info("webhook dispatcher recovered");
      failing = false;
    } catch (err) {
      // The database may be restarting: say so once, keep polling.
      if (!failing) log.warn("webhook dispatcher cannot poll", { error: (err as Error).message });
      failing = true;
    }
  }

  async function deliver(c: ClaimedDelivery, events: Awaited<ReturnType<typeof loadWebhookEvents>>): Promise<void> {
    const started = performance.now();
    const event = events.get(c.eventId);
    const outcome = event
      ? await attemptDelivery({ webhookId: c.webhookId, url: c.url, secretEnc: c.secretEnc, event }, { allow: opts.allow, box: opts.box, timeoutMs, resolve: opts.resolve, signal: abort.signal })
      : ({ ok: false, status: null, error: "the change event no longer exists", permanent: true } as const);
    // Host only: paths and queries of webhook URLs often carry tokens.
    const fields = { webhook: c.webhookId, event: c.eventId, type: event?.type, attempt: c.attempts, host: hostOf(c.url), ms: Math.round(performance.now() - started) };
    try {
      const result = await recordAttempt(pool, c, outcome, policy);
      attempts.inc({ outcome: result.state });
      attemptSeconds.observe({}, fields.ms / 1000);
      if (outcome.ok) log.info("webhook delivered", { ...fields, status: outcome.status });
      else log.warn("webhook delivery failed", { ...fields, status: outcome.status, error: outcome.error, ...result });
      // Only the receiver's answers count towards its health (not a change event that is gone).
      if ((result.state === "delivered" || result.state === "retry" || result.state === "failed") && !("permanent" in outcome)) {
        const disabled = await trackWebhookHealth(pool, c.webhookId, outcome, opts.disableAfterMs ?? 3 * 86_400_000);
        if (disabled) log.warn("webhook disabled", { webhook: c.webhookId, host: fields.host, reason: disabled });
      }
    } catch (err) {
      // The claim expires and the delivery is attempted again: at least once.
      log.warn("cannot record a webhook delivery attempt", { ...fields, error: (err as Error).message });
    }
  }

  kick();
  return {
    kick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      abort.abort();
      await running;
      await Promise.allSettled([...inflight.values()]);
    },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "?";
  }
}
