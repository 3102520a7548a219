// The Register page: a form that registers an API on a gateway, prefilled from the query
// (?service=<cluster>/<namespace>/<name>&port=80, as the API page's "Add a gateway route" links),
// or that edits a stored registration (?edit=<gateway>/<name>, as the API page's "Edit registration").
import type { Metadata } from "next";
import { RegisterView } from "./_components/register-view";
import type { Prefill } from "./_components/registration-draft";
import { readerOfPage } from "@/lib/web/page-reader";
import { getDb } from "@/lib/db/client";
import { listRegistrations } from "@/lib/registry/list-registrations";
import type { EditedRegistration } from "./_components/registration-edit";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Register an API" };

const KEYS = ["service", "port", "name", "microservice", "team", "path"] as const;

export default async function RegisterPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await readerOfPage();
  const sp = await searchParams;
  const prefill: Prefill = {};
  for (const k of KEYS) {
    const v = sp[k];
    const s = Array.isArray(v) ? v[0] : v;
    if (s) prefill[k] = s.slice(0, 300);
  }
  const edit = Array.isArray(sp.edit) ? sp.edit[0] : sp.edit;
  let editing: EditedRegistration | undefined;
  if (edit) {
    const [gateway, name] = edit.split("/");
    const [record] = gateway && name ? await listRegistrations(getDb().prisma, { gateway, name }) : [];
    if (record) editing = { gateway: record.gateway, name: record.name, spec: record.spec as Record<string, unknown> };
  }
  return <RegisterView prefill={prefill} editing={editing} editMissing={edit && !editing ? `"${edit.slice(0, 130)}"` : undefined} />;
}
