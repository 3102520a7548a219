// Sources: every cluster and gateway with its state and freshness, rendered here first and
// then polled by the client.
import type { Metadata } from "next";
import { SourcesView } from "./_components/sources-view";
import { getDb } from "@/lib/db/client";
import { listSources } from "@/lib/sources/list-sources";
import { readerOfPage } from "@/lib/web/page-reader";
import { sourcesFor } from "@/lib/sources/redact-source";
import { seesInternals } from "@/lib/auth/sees-internals";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sources" };

export default async function SourcesPage() {
  const internals = seesInternals(await readerOfPage());
  const sources = await listSources(getDb().prisma).then((s) => sourcesFor(s, internals)).catch(() => undefined);
  return <SourcesView initial={sources} />;
}
