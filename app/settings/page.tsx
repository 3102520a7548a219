// /settings has no page of its own: its first section is the tokens.
import { redirect } from "next/navigation";
import { readerOfPage } from "@/lib/web/page-reader";

export default async function SettingsPage() {
  await readerOfPage();
  redirect("/settings/tokens");
}
