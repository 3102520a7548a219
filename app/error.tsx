"use client";
// A page that failed to render (the database unreachable, say): say so and offer a retry.
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-xl space-y-4 py-8">
      <h1 className="text-2xl font-semibold tracking-tight">This page could not be loaded</h1>
      <Alert tone="error" title="Something failed on the server">
        {error.digest ? `The server log has the details under ${error.digest}.` : error.message}
      </Alert>
      <Button tone="primary" onClick={reset}>Try again</Button>
    </div>
  );
}
