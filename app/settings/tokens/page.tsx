// API tokens (admins): who may read and write through the REST API, the CLI and pipelines.
import type { Metadata } from "next";
import { TokensView } from "../_components/tokens-view";
import { readerOfPage } from "@/lib/web/page-reader";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  await readerOfPage();
  return <TokensView />;
}
