// The audit log (admins), filtered from the query (?actor=&action=) so a view can be shared.
import type { Metadata } from "next";
import { AuditView } from "../_components/audit-view";
import { readerOfPage } from "@/lib/web/page-reader";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.slice(0, 200) ?? "";

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await readerOfPage();
  const sp = await searchParams;
  return <AuditView initial={{ actor: one(sp.actor), action: one(sp.action) }} />;
}
