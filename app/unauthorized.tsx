// The sign-in page (401): what every page shows to a caller without a working credential when
// this Signpost requires a token to read (SIGNPOST_PUBLIC_READ=false). Nothing of the page asked
// for is rendered; signing in loads it again.
import type { Metadata } from "next";
import { SignInRequired } from "@/components/session/sign-in-required";

export const metadata: Metadata = { title: "Sign in" };

export default function Unauthorized() {
  return (
    <div className="mx-auto max-w-md space-y-4 py-8">
      <h1 className="text-2xl font-semibold tracking-tight">Sign in to Signpost</h1>
      <p className="text-slate-700 dark:text-slate-300">This Signpost shows its catalog only to signed-in users. Sign in with an API token (any role).</p>
      <SignInRequired />
    </div>
  );
}
