// The Register page: a form that registers an API on a gateway, prefilled from the query
// (?service=<cluster>/<namespace>/<name>&port=80, as the API page's "Add a gateway route" links).
import type { Metadata } from "next";
import { RegisterView } from "./_components/register-view";
import type { Prefill } from "./_components/registration-draft";
import { readerOfPage } from "@/lib/web/page-reader";

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
  return <RegisterView prefill={prefill} />;
}
