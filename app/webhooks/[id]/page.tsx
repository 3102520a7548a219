// One webhook subscription and its delivery log (editors and admins). Ids that are not UUIDs are a 404.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { WebhookDetail } from "../_components/webhook-detail";
import { readerOfPage } from "@/lib/web/page-reader";

export const metadata: Metadata = { title: "Webhook subscription" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function WebhookPage({ params }: { params: Promise<{ id: string }> }) {
  await readerOfPage();
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  return <WebhookDetail id={id} />;
}
