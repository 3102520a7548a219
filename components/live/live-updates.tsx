"use client";
// One EventSource per tab on /api/v1/events, resuming after `after`: the newest change event when
// the page was rendered, so a change made between the render and the stream's opening is replayed
// rather than lost (the page would show it stale until the next change); when the stream is
// opened again (a new session) it resumes after the last event it saw. Each change event marks its API as just changed
// (row highlight) and invalidates the queries it affects: catalog lists and facets, the API,
// its history and contract. Invalidations of a burst are coalesced into one per animation-ish tick. The stream
// is opened again when the session changes (a private Signpost refuses it to anonymous readers).
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { ChangeEvent } from "@/lib/queries/events";
import { CHANGE_EVENT_TYPES } from "@/lib/api/event-types";
import { markChanged } from "./changed-apis";
import { invalidateApiViews, noteEvent, noteReset } from "./stream-position";
import { setLiveStatus } from "./live-status";
import { useSession } from "@/lib/queries/session";

// Every type: a scorecard check or the health probe changing refreshes the API's views too.
const EVENT_TYPES = CHANGE_EVENT_TYPES;
const COALESCE_MS = 100;

export function LiveUpdates({ after }: { after: string | null }) {
  const qc = useQueryClient();
  const resumeAfter = useRef(after);
  const session = useSession();
  const known = !session.isPending;
  const actor = session.data?.actor ?? null;
  useEffect(() => {
    if (!known) return;
    const es = new EventSource(resumeAfter.current === null ? "/api/v1/events" : `/api/v1/events?after=${encodeURIComponent(resumeAfter.current)}`);
    const pending = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let wasDown = false;

    const flush = () => {
      timer = undefined;
      invalidateApiViews(qc, pending);
      pending.clear();
    };
    const onEvent = (m: MessageEvent<string>) => {
      if (m.lastEventId) resumeAfter.current = m.lastEventId;
      let e: ChangeEvent;
      try {
        e = JSON.parse(m.data) as ChangeEvent;
      } catch {
        return;
      }
      noteEvent(e.id, e.api.id);
      if (e.api.id) {
        pending.add(e.api.id);
        markChanged(e.api.id);
      }
      timer ??= setTimeout(flush, COALESCE_MS);
    };
    for (const t of EVENT_TYPES) es.addEventListener(t, onEvent as EventListener);
    // More happened while away than the server replays: refresh everything.
    const onReset = (m: MessageEvent<string>) => {
      if (m.lastEventId) {
        resumeAfter.current = m.lastEventId;
        noteReset(m.lastEventId);
      }
      void qc.invalidateQueries();
    };
    es.addEventListener("reset", onReset as EventListener);
    es.onopen = () => {
      setLiveStatus("live");
      // The browser resumes with Last-Event-ID; after a long outage refresh everything anyway.
      if (wasDown) void qc.invalidateQueries();
      wasDown = false;
    };
    es.onerror = () => {
      wasDown = true;
      setLiveStatus("reconnecting");
    };
    return () => {
      clearTimeout(timer);
      for (const t of EVENT_TYPES) es.removeEventListener(t, onEvent as EventListener);
      es.removeEventListener("reset", onReset as EventListener);
      es.close();
    };
  }, [qc, known, actor]);
  return null;
}
