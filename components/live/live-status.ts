// The state of the tab's event stream ("connecting", "live", "reconnecting"), for the header.
import { useSyncExternalStore } from "react";

export type LiveStatus = "connecting" | "live" | "reconnecting";

let status: LiveStatus = "connecting";
const listeners = new Set<() => void>();

/** Sets the stream state (LiveUpdates calls it). */
export function setLiveStatus(s: LiveStatus): void {
  if (s === status) return;
  status = s;
  for (const l of listeners) l();
}

function subscribe(cb: () => void) {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

/** The current stream state. */
export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(subscribe, () => status, () => "connecting");
}
