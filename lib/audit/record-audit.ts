// Every write is recorded: who, when, what, before and after. Secrets never reach the log:
// callers pass redacted views (redact() drops secret-looking fields as a second line of defence).
import type { Prisma, PrismaClient } from "../db/generated/client";
import { redact } from "../log";

type Tx = PrismaClient | Prisma.TransactionClient;

export type AuditInput = {
  actor: string;
  /** verb.noun, e.g. "api.register", "token.revoke", "webhook.create" */
  action: string;
  /** what was written, e.g. "api:orders-v2", "token:<id>" */
  target: string;
  before?: unknown;
  after?: unknown;
};

/** Appends one audit entry (inside the caller's transaction when given one). */
export async function recordAudit(tx: Tx, entry: AuditInput): Promise<void> {
  await tx.auditEntry.create({
    data: {
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      before: entry.before === undefined ? undefined : (redact(entry.before) as Prisma.InputJsonValue),
      after: entry.after === undefined ? undefined : (redact(entry.after) as Prisma.InputJsonValue),
    },
  });
}
