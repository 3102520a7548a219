// Webhook signatures: `Signpost-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
// The timestamp is signed with the body so a captured delivery cannot be replayed later.
import crypto from "node:crypto";

/** The header that carries the signature. */
export const SIGNATURE_HEADER = "Signpost-Signature";

/** The header value for `body` signed with `secret` at `nowMs`. */
export function signPayload(body: string, secret: string, nowMs: number = Date.now()): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${hmac(secret, `${t}.${body}`)}`;
}

/**
 * For receivers: true when `header` (the Signpost-Signature value) signs exactly `body` (the raw
 * request body, before any JSON parsing) with `secret`, and its timestamp is within
 * `toleranceSec` of now. Several v1 values are accepted (any may match), for secret rotation.
 *
 * ```ts
 * const raw = await req.text();
 * if (!verifySignature(req.headers.get("signpost-signature"), raw, process.env.HOOK_SECRET!)) return new Response(null, { status: 401 });
 * ```
 */
export function verifySignature(
  header: string | null | undefined,
  body: string,
  secret: string,
  toleranceSec = 300,
  nowMs: number = Date.now(),
): boolean {
  if (!header) return false;
  let t: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [k, v] = part.trim().split("=", 2);
    if (k === "t" && /^\d{1,12}$/.test(v ?? "")) t = Number(v);
    else if (k === "v1" && /^[0-9a-f]{64}$/i.test(v ?? "")) signatures.push(v.toLowerCase());
  }
  if (t === undefined || signatures.length === 0) return false;
  if (Math.abs(nowMs / 1000 - t) > toleranceSec) return false;
  const expected = Buffer.from(hmac(secret, `${t}.${body}`), "hex");
  return signatures.some((s) => crypto.timingSafeEqual(Buffer.from(s, "hex"), expected));
}

function hmac(secret: string, data: string): string {
  return crypto.createHmac("sha256", secret).update(data, "utf8").digest("hex");
}
