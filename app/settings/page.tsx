// /settings has no page of its own: its first section is the tokens.
import { redirect } from "next/navigation";

export default function SettingsPage() {
  redirect("/settings/tokens");
}
