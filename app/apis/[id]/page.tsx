// One API: its exposure chain, addresses, owner, history and how to consume it. Rendered here
// from the database; the client view keeps it fresh. Unknown ids are a 404.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ApiView } from "./_components/api-view";
import { ApiError } from "@/lib/api/errors";
import type { TApiDetail } from "@/lib/api/schemas/api";
import { getApi } from "@/lib/catalog/get-api";
import { getDb } from "@/lib/db/client";
import { findEvents } from "@/lib/events/find-events";
import type { TWebhookEvent } from "@/lib/api/schemas/webhook";
import type { TRegistrationRecord } from "@/lib/api/schemas/registration-record";
import { listRegistrations } from "@/lib/registry/list-registrations";
import { pageEventsAfter, readerOfPage } from "@/lib/web/page-reader";
import { seesInternals } from "@/lib/auth/sees-internals";
import { findApiEndpoints } from "@/lib/catalog/find-api-endpoints";
import { findApiSourceObjects } from "@/lib/catalog/find-api-source-objects";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

const loadApi = cache(async (id: string): Promise<TApiDetail | null> => {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  try {
    return await getApi(getDb().prisma, id);
  } catch (err) {
    if (err instanceof ApiError && err.code === "not_found") return null;
    throw err;
  }
});

/** The API's change events, newest first (at most 5 pages of 1000). */
async function loadHistory(id: string): Promise<TWebhookEvent[]> {
  const out: TWebhookEvent[] = [];
  let after: string | undefined;
  for (let i = 0; i < 5; i++) {
    const page = await findEvents(getDb().pool, { api: id, limit: 1000, after });
    out.push(...page.data);
    if (!page.nextCursor) break;
    after = page.nextCursor;
  }
  return out.reverse();
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await readerOfPage(); // the title is the API's name
  const api = await loadApi((await params).id);
  return { title: api ? api.name : "API not found" };
}

export default async function ApiPage({ params }: Props) {
  const reader = await readerOfPage();
  const { id } = await params;
  const api = await loadApi(id);
  if (!api) notFound();
  const history = await loadHistory(api.id).catch(() => undefined);
  const registrations: TRegistrationRecord[] = api.key.startsWith("api:")
    ? await listRegistrations(getDb().prisma, { name: api.key.slice(4) }).catch(() => [])
    : [];
  const pool = getDb().pool;
  const [endpoints, sourceObjects] = await Promise.all([
    findApiEndpoints(pool, api).catch(() => undefined),
    // the source objects reach the browser only for editors and admins
    seesInternals(reader) ? findApiSourceObjects(pool, api).catch(() => undefined) : undefined,
  ]);
  // readerOfPage read it before any of this data (the same value: once per request)
  const asOf = await pageEventsAfter();
  return <ApiView initialApi={api} initialHistory={history} registrations={registrations} endpoints={endpoints} sourceObjects={sourceObjects} asOf={asOf} />;
}
