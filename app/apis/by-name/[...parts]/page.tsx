// Stable links by name: /apis/by-name/{cluster}/{namespace}/{name}, or /apis/by-name/{name} for a
// gateway API, redirect (307) to the API's page; an unknown name is the 404 page.
import { notFound, redirect } from "next/navigation";
import { findApiIdByName } from "@/lib/catalog/find-api-by-name";
import { getDb } from "@/lib/db/client";
import { readerOfPage } from "@/lib/web/page-reader";

export const dynamic = "force-dynamic";

export default async function ApiByNamePage({ params }: { params: Promise<{ parts: string[] }> }) {
  await readerOfPage();
  const parts = (await params).parts.map((p) => decodeURIComponent(p));
  if ((parts.length !== 1 && parts.length !== 3) || parts.some((p) => !p || p.length > 253)) notFound();
  const [a, b, c] = parts;
  const id = await findApiIdByName(getDb().prisma, parts.length === 3 ? { cluster: a, namespace: b, name: c } : { name: a });
  if (!id) notFound();
  redirect(`/apis/${id}`);
}
