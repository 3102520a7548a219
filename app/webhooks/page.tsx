// Webhooks: the subscriptions to catalog changes and a form to add one (editors and admins).
import type { Metadata } from "next";
import { WebhooksView } from "./_components/webhooks-view";
import { readerOfPage } from "@/lib/web/page-reader";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  await readerOfPage();
  return <WebhooksView />;
}
