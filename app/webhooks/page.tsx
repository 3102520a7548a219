// Webhooks: the subscriptions to catalog changes and a form to add one (editors and admins).
import type { Metadata } from "next";
import { WebhooksView } from "./_components/webhooks-view";

export const metadata: Metadata = { title: "Webhooks" };

export default function WebhooksPage() {
  return <WebhooksView />;
}
