// Every MCP tool call is an audit entry: who (the token's name, as REST records it), which tool
// with which arguments, and whether it succeeded, marked as made through MCP. The calls are read
// from the request's JSON-RPC messages and their outcomes from the answer, so unknown tools and
// refused arguments are recorded as well as the calls that ran.
import type { PrismaClient } from "../db/generated/client";
import type { Prisma } from "../db/generated/client";
import type { Actor } from "../auth/authenticate";
import { redact } from "../log";

type Call = { id: string | number; tool: string; args: unknown };
type Outcome = { ok: boolean; error?: string };

const MAX_ARGS_CHARS = 4000;

/** The tools/call requests among `body`'s JSON-RPC messages. */
export function toolCallsOf(body: unknown): Call[] {
  const messages = Array.isArray(body) ? body : [body];
  return messages.flatMap((m) => {
    const msg = m as { method?: unknown; id?: unknown; params?: { name?: unknown; arguments?: unknown } };
    if (msg?.method !== "tools/call" || (typeof msg.id !== "string" && typeof msg.id !== "number")) return [];
    return [{ id: msg.id, tool: String(msg.params?.name ?? "").slice(0, 100), args: msg.params?.arguments ?? {} }];
  });
}

/** Outcomes by request id from the JSON-RPC answer text (a message or a batch). */
export function outcomesOf(answer: string): Map<string | number, Outcome> {
  const out = new Map<string | number, Outcome>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer);
  } catch {
    return out;
  }
  for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
    const msg = m as { id?: string | number; error?: { message?: string }; result?: { isError?: boolean; content?: { type: string; text?: string }[] } };
    if (msg?.id === undefined) continue;
    if (msg.error) out.set(msg.id, { ok: false, error: String(msg.error.message ?? "error").slice(0, 500) });
    else if (msg.result?.isError) out.set(msg.id, { ok: false, error: String(msg.result.content?.find((c) => c.type === "text")?.text ?? "error").slice(0, 500) });
    else out.set(msg.id, { ok: true });
  }
  return out;
}

/** Records one `mcp.tool_call` entry per call. */
export async function auditToolCalls(prisma: PrismaClient, actor: Actor | null, calls: Call[], outcomes: Map<string | number, Outcome>): Promise<void> {
  if (calls.length === 0) return;
  await prisma.auditEntry.createMany({
    data: calls.map((c) => {
      const outcome = outcomes.get(c.id) ?? { ok: false, error: "no answer" };
      return {
        actor: actor?.name ?? "anonymous",
        action: "mcp.tool_call",
        target: `tool:${c.tool}`,
        after: { via: "mcp", tool: c.tool, arguments: bounded(redact(c.args)), ok: outcome.ok, ...(outcome.error ? { error: outcome.error } : {}) } as Prisma.InputJsonValue,
      };
    }),
  });
}

/** The arguments as they are when small, else their JSON text cut short. */
function bounded(args: unknown): unknown {
  const text = JSON.stringify(args) ?? "null";
  return text.length <= MAX_ARGS_CHARS ? args : { truncated: `${text.slice(0, MAX_ARGS_CHARS)}...` };
}
