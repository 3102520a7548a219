import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { GatewayStore, StoreState } from "./gateway-store";

const DEBOUNCE_MS = 200;

/** Debounced JSON persistence of a store: schedule() after writes, flush() on stop. */
export type Persistence = { schedule(): void; flush(): Promise<void> };

/** Loads the state file into the store when it exists. */
export async function loadState(file: string, store: GatewayStore): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  store.restore(JSON.parse(text) as StoreState);
}

/** Writes atomically (temp file then rename), coalescing bursts of writes. */
export function createPersistence(file: string, store: () => GatewayStore): Persistence {
  let timer: NodeJS.Timeout | null = null;
  let pending: Promise<void> = Promise.resolve();
  const save = () => {
    timer = null;
    const text = JSON.stringify(store().toState());
    pending = pending.then(async () => {
      await mkdir(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, text);
      await rename(tmp, file);
    });
    return pending;
  };
  return {
    schedule() {
      if (timer) return;
      timer = setTimeout(() => void save(), DEBOUNCE_MS);
      timer.unref();
    },
    async flush() {
      if (timer) {
        clearTimeout(timer);
        await save();
      }
      await pending;
    },
  };
}
