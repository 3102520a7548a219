// A full garbage collection on demand, for the rare moment when a large amount of memory has just
// become garbage and an idle process would keep it resident: V8 collects when its heap grows, and
// a quiet process's heap barely does. Node exposes gc() only with --expose-gc; the flag is set for
// the moment it takes to fetch the function from a fresh context, then unset.
import v8 from "node:v8";
import { runInNewContext } from "node:vm";

let gc: (() => void) | undefined;

/**
 * Runs a full (major) garbage collection now; `compact` also moves the survivors together, so that
 * pages left partly used by a burst are emptied and given back.
 */
export function collectGarbage(o: { compact?: boolean } = {}): void {
  if (!gc) {
    v8.setFlagsFromString("--expose-gc");
    try {
      gc = runInNewContext("gc") as () => void;
    } finally {
      v8.setFlagsFromString("--no-expose-gc");
    }
  }
  if (!o.compact) return gc();
  v8.setFlagsFromString("--compact-on-every-full-gc");
  try {
    gc();
  } finally {
    v8.setFlagsFromString("--no-compact-on-every-full-gc");
  }
}
