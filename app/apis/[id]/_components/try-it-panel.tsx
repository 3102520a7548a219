"use client";
// Try it: a GET on a path the signed-in user picks, below the API's gateway address, made by the
// server (through its outbound guard, rate-limited per user); shows status, latency, who answered
// and the start of the body.
import { useId, useState } from "react";
import type { TApi } from "@/lib/api/schemas/api";
import { useTryApi } from "@/lib/queries/apis";
import { useSession } from "@/lib/queries/session";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";

export function TryItPanel({ api }: { api: TApi }) {
  const id = useId();
  const session = useSession();
  const call = useTryApi(api.id);
  const [path, setPath] = useState("/");
  const base = api.exposures.find((e) => e.mode === "Gateway" && e.status === "ready" && e.url)?.url;
  if (!base || api.goneAt) return <p className="text-sm">No gateway address to call yet.</p>;
  if (!session.data?.signedIn) return <p className="text-sm">Sign in to call this API through its gateway.</p>;
  const r = call.data;
  return (
    <form
      aria-label="Try it"
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        call.mutate(path);
      }}
    >
      <TextField id={`${id}-path`} label="Path" hint={<>A GET on <code className="break-all">{base.replace(/\/+$/, "")}{path === "/" ? "" : path}</code></>} value={path} onValue={setPath} mono spellCheck={false} autoComplete="off" />
      <Button type="submit" disabled={call.isPending}>{call.isPending ? "Calling…" : "Send GET"}</Button>
      {call.isError ? <p role="alert" className="text-sm text-red-700 dark:text-red-400">{call.error.message}</p> : null}
      {r ? (
        <div data-testid="try-result" className="space-y-2 text-sm" aria-live="polite">
          <p>
            <strong data-testid="try-status">{r.status}</strong> in {r.latencyMs} ms
            {r.answeredBy?.pod ? <> · answered by pod <strong data-testid="try-pod">{r.answeredBy.pod}</strong>{r.answeredBy.service ? <> of Service {r.answeredBy.service}</> : null}</> : null}
            {r.answeredBy?.server ? <> · {r.answeredBy.server}</> : null}
          </p>
          <pre className="max-h-64 overflow-auto rounded bg-slate-100 p-2 text-xs break-all whitespace-pre-wrap dark:bg-slate-800">{r.body}{r.bodyTruncated ? "\n…" : ""}</pre>
        </div>
      ) : null}
    </form>
  );
}
