// Creates a webhook subscription: the URL must pass the outbound URL guard, the secret is sealed
// before it is stored, and the subscription starts after the newest change event (it receives
// what happens from now on, not the history).
import crypto from "node:crypto";
import type { PrismaClient } from "../db/generated/client";
import type { TWebhook, TWebhookCreate } from "../api/schemas/webhook";
import { ApiError } from "../api/errors";
import { recordAudit } from "../audit/record-audit";
import { checkOutboundUrl, OutboundUrlError, type Resolve } from "../net/url-guard";
import type { SecretBox } from "./secret-box";
import { toWebhookDto } from "./to-webhook-dto";

export type CreateWebhookDeps = {
  /** SIGNPOST_WEBHOOK_ALLOW */
  allow: string | undefined;
  box: SecretBox;
  /** DNS replacement (tests) */
  resolve?: Resolve;
};

/** Validates and stores a subscription; 422 (validation_failed) naming why when the URL is refused. */
export async function createWebhook(prisma: PrismaClient, input: TWebhookCreate, actor: string, deps: CreateWebhookDeps): Promise<TWebhook> {
  let url: URL;
  try {
    url = (await checkOutboundUrl(input.url, deps.allow, { resolve: deps.resolve })).url;
  } catch (err) {
    // A malformed allow list is the operator's problem (500, logged), not the caller's.
    if (!(err instanceof OutboundUrlError) || err.reason === "config") throw err;
    throw new ApiError("validation_failed", `url: ${err.message}`, { issues: [{ field: "body.url", message: err.message }] });
  }
  const events = input.events.includes("*") ? ["*"] : [...new Set(input.events)];
  const id = crypto.randomUUID();
  const secretEnc = deps.box.seal(input.secret, `webhook:${id}`);
  return prisma.$transaction(async (tx) => {
    const last = await tx.changeEvent.aggregate({ _max: { id: true } });
    const row = await tx.webhook.create({
      data: { id, url: url.href, events, secretEnc, description: input.description ?? null, createdBy: actor, cursor: last._max.id ?? BigInt(0) },
    });
    const dto = toWebhookDto(row);
    await recordAudit(tx, { actor, action: "webhook.create", target: `webhook:${id}`, after: dto });
    return dto;
  });
}
