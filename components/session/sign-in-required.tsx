"use client";
// The form of the sign-in page (app/unauthorized.tsx). Once the visitor signs in (here or in the
// header), the page asked for is loaded again: a router refresh keeps showing the 401 fallback.
import { useEffect, useRef } from "react";
import { useSession } from "@/lib/queries/session";
import { SignInForm } from "./sign-in-form";

export function SignInRequired() {
  const signedIn = useSession().data?.signedIn;
  const before = useRef(signedIn);
  useEffect(() => {
    // Only a change to signed in reloads (never a loop on a session the page does not accept).
    if (signedIn && before.current === false) window.location.reload();
    before.current = signedIn;
  }, [signedIn]);
  return <SignInForm />;
}
