// Which APIs changed in the last seconds (by id), for the brief highlight of their rows. A tiny
// external store: each row subscribes and re-renders only when its own flag flips.
import { useSyncExternalStore } from "react";

const FLASH_MS = 2_000;
const changed = new Map<string, ReturnType<typeof setTimeout>>();
const listeners = new Set<() => void>();

function emit() {
  for (const l of listeners) l();
}

/** Marks `id` as just changed for FLASH_MS. */
export function markChanged(id: string): void {
  const t = changed.get(id);
  if (t) clearTimeout(t);
  changed.set(
    id,
    setTimeout(() => {
      changed.delete(id);
      emit();
    }, FLASH_MS),
  );
  emit();
}

function subscribe(cb: () => void) {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

/** True while the API `id` is highlighted after a change. */
export function useJustChanged(id: string): boolean {
  return useSyncExternalStore(subscribe, () => changed.has(id), () => false);
}
