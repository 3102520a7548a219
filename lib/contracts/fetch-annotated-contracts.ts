// Contracts named by a Service annotation, `signpost.dev/openapi-url: https://.../openapi.json`:
// the worker fetches each through the outbound guard (lib/net: the upstream deny list, then the
// webhook guard, which refuses private, loopback, link-local and metadata addresses unless
// SIGNPOST_WEBHOOK_ALLOW allows them; the connection goes to the checked addresses only), with a
// time limit and at most SIGNPOST_SPEC_MAX_BYTES read. A URL is fetched when it is new or changed,
// and again every SIGNPOST_SPEC_REFRESH with If-None-Match. A fetched document becomes a version
// like any other (the same bytes are no new version); a failure is recorded on the contract
// (fetchError) and changes nothing else.
import type pg from "pg";
import { logger } from "../log";
import { parseAddressList } from "../net/address-list";
import type { Config } from "../env";
import { sendPinned } from "../net/pinned-request";
import { checkOutboundUrl, OutboundUrlError, type Resolve } from "../net/url-guard";
import { ContractError, formatOfContentType, parseContract } from "./parse-contract";
import { recordFetch, saveContract } from "./save-contract";

export const OPENAPI_URL_ANNOTATION = "signpost.dev/openapi-url";

export type ContractFetchSettings = {
  /** SIGNPOST_WEBHOOK_ALLOW: private or loopback hosts the worker may fetch from */
  allow?: string;
  /** SIGNPOST_UPSTREAM_DENY: hosts never fetched from */
  deny?: string;
  maxBytes: number;
  refreshMs: number;
  timeoutMs?: number;
  resolve?: Resolve;
};

export type FetchRound = { fetched: number; changed: number; failed: number };

type Due = { key: string; url: string; source_url: string | null; fetch_etag: string | null };

/** Fetches every annotated contract that is due (at most `limit` per round). */
export async function fetchAnnotatedContracts(pool: pg.Pool, s: ContractFetchSettings, limit = 50): Promise<FetchRound> {
  const { rows } = await pool.query<Due>(
    `SELECT a.key, a.annotations->>'${OPENAPI_URL_ANNOTATION}' AS url, c.source_url, c.fetch_etag
     FROM apis a LEFT JOIN api_contracts c ON c.api_key = a.key
     WHERE a.gone_at IS NULL AND a.annotations ? '${OPENAPI_URL_ANNOTATION}'
       AND (c.source_url IS DISTINCT FROM a.annotations->>'${OPENAPI_URL_ANNOTATION}' OR c.fetched_at IS NULL
            OR c.fetched_at < now() - make_interval(secs => $1::double precision / 1000))
     ORDER BY c.fetched_at NULLS FIRST LIMIT $2`,
    [s.refreshMs, limit],
  );
  const round: FetchRound = { fetched: 0, changed: 0, failed: 0 };
  for (const due of rows) {
    round.fetched++;
    // The ETag belongs to the URL it came from: a changed annotation is fetched in full.
    const etag = due.source_url === due.url ? due.fetch_etag : null;
    try {
      const got = await fetchContract(due.url, etag, s);
      if (got === "not-modified") {
        await recordFetch(pool, due.key, due.url, null);
        continue;
      }
      const saved = await saveContract(pool, { apiKey: due.key, contract: got.contract, origin: "annotation", author: `annotation:${OPENAPI_URL_ANNOTATION}`, sourceUrl: due.url, fetchEtag: got.etag });
      if (saved.created) round.changed++;
    } catch (err) {
      round.failed++;
      const message = err instanceof ContractError || err instanceof OutboundUrlError ? err.message : `cannot fetch ${due.url}: ${(err as Error).message}`;
      logger.warn("contract fetch failed", { api: due.key, url: due.url, error: message });
      await recordFetch(pool, due.key, due.url, null, message.slice(0, 500));
    }
  }
  return round;
}

/** The document at `url` (or "not-modified" for a 304 to `etag`); throws naming the problem. */
async function fetchContract(url: string, etag: string | null, s: ContractFetchSettings) {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  } catch {
    throw new OutboundUrlError("invalid", `${OPENAPI_URL_ANNOTATION}: "${url.slice(0, 200)}" is not an absolute URL`);
  }
  const deny = parseAddressList(s.deny);
  if (deny.matchesHost(host)) throw new OutboundUrlError("blocked", `${host} is refused by SIGNPOST_UPSTREAM_DENY`);
  const target = await checkOutboundUrl(url, s.allow, { resolve: s.resolve, setting: "SIGNPOST_WEBHOOK_ALLOW" });
  const denied = target.addresses.find((a) => deny.matchesText(a));
  if (denied) throw new OutboundUrlError("blocked", `${host} resolves to ${denied}, which is refused by SIGNPOST_UPSTREAM_DENY`);
  const res = await sendPinned(target, {
    method: "GET",
    headers: { accept: "application/yaml, application/json;q=0.9, */*;q=0.1", "user-agent": "signpost-contract-fetch", ...(etag ? { "if-none-match": etag } : {}) },
    timeoutMs: s.timeoutMs ?? 10_000,
    maxResponseBytes: s.maxBytes,
    abortPastLimit: true,
  });
  if (res.status === 304 && etag) return "not-modified" as const;
  if (res.status !== 200) throw new Error(`${url} answered ${res.status} ${res.statusText}`.trim());
  if (res.truncated) throw new ContractError("invalid", `the document at ${url} is larger than ${s.maxBytes} bytes (SIGNPOST_SPEC_MAX_BYTES)`);
  const contentType = String(res.headers["content-type"] ?? "");
  const contract = await parseContract(res.body, formatOfContentType(contentType) ?? undefined);
  const tag = res.headers.etag;
  return { contract, etag: typeof tag === "string" ? tag : null };
}

/** The fetch settings of a configuration. */
export function contractFetchSettings(config: Config): ContractFetchSettings {
  return { allow: config.SIGNPOST_WEBHOOK_ALLOW, deny: config.SIGNPOST_UPSTREAM_DENY, maxBytes: config.SIGNPOST_SPEC_MAX_BYTES, refreshMs: config.SIGNPOST_SPEC_REFRESH };
}

/** Fetches due contracts every `intervalMs` until stopped (the worker's loop). */
export function startContractFetcher(o: { pool: pg.Pool; settings: ContractFetchSettings; intervalMs?: number }): { stop(): Promise<void>; runNow(): Promise<FetchRound | null> } {
  const log = logger.child({ component: "contracts" });
  let running: Promise<FetchRound | null> | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const pass = () => {
    running ??= fetchAnnotatedContracts(o.pool, o.settings)
      .then((r) => {
        if (r.changed) log.info("fetched annotated contracts", r);
        return r;
      })
      .catch((err: Error) => {
        log.warn("contract fetch round failed; next time", { error: err.message });
        return null;
      })
      .finally(() => (running = null));
    return running;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void pass().finally(schedule), o.intervalMs ?? 3000);
    timer.unref?.();
  };
  schedule();
  return {
    runNow: pass,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
