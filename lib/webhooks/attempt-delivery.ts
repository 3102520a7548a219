// One delivery attempt: open the secret, check the URL again (DNS may have changed since the
// subscription was made), sign, and POST to the checked addresses within the time limit.
import type { TWebhookEvent } from "../api/schemas/webhook";
import { sendPinned } from "../net/pinned-request";
import { checkOutboundUrl, OutboundUrlError, type Resolve } from "../net/url-guard";
import type { SecretBox } from "./secret-box";
import { SIGNATURE_HEADER, signPayload } from "./sign-payload";

export type AttemptInput = { webhookId: string; url: string; secretEnc: string; event: TWebhookEvent };

export type AttemptDeps = {
  allow: string | undefined;
  box: SecretBox;
  timeoutMs: number;
  resolve?: Resolve;
  /** aborts the attempt (the dispatcher stops) */
  signal?: AbortSignal;
};

/** ok: a 2xx answer. Otherwise `status` is the HTTP status (null without one) and `error` says why. */
export type AttemptOutcome = { ok: true; status: number } | { ok: false; status: number | null; error: string; aborted?: boolean };

/** Makes one attempt; never throws. */
export async function attemptDelivery(input: AttemptInput, deps: AttemptDeps): Promise<AttemptOutcome> {
  if (deps.signal?.aborted) return { ok: false, status: null, error: "interrupted: the dispatcher stopped", aborted: true };
  const deadline = Date.now() + deps.timeoutMs;
  let secret: string;
  try {
    secret = deps.box.open(input.secretEnc, `webhook:${input.webhookId}`);
  } catch (err) {
    return { ok: false, status: null, error: `cannot decrypt the webhook secret: ${(err as Error).message}` };
  }
  try {
    const checked = await withDeadline(checkOutboundUrl(input.url, deps.allow, { resolve: deps.resolve }), deadline, deps.timeoutMs);
    const body = JSON.stringify(input.event);
    const res = await sendPinned(checked, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Signpost-Webhooks/1",
        [SIGNATURE_HEADER]: signPayload(body, secret),
        "Signpost-Event-Id": input.event.id,
        "Signpost-Event-Type": input.event.type,
      },
      body,
      timeoutMs: Math.max(1, deadline - Date.now()),
      signal: deps.signal,
      maxResponseBytes: 4096,
    });
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    return { ok: false, status: res.status, error: `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}` };
  } catch (err) {
    if (deps.signal?.aborted) return { ok: false, status: null, error: "interrupted: the dispatcher stopped", aborted: true };
    if (err instanceof OutboundUrlError) return { ok: false, status: null, error: `url refused: ${err.message}` };
    return { ok: false, status: null, error: (err as Error).message || String(err) };
  }
}

function withDeadline<T>(p: Promise<T>, deadline: number, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms (resolving the host)`)), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
