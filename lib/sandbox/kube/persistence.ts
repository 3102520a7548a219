// Optional JSON persistence of the store: loaded at start, saved ~200 ms after the last write
// and on stop. Writes go to a temp file renamed into place, so a crash never leaves half a file.
import fs from "node:fs";
import path from "node:path";
import type { ClusterStore, StoreState } from "./store";

const DEBOUNCE_MS = 200;

/** Saves a store to `file` on a debounce; `flush()` writes immediately. */
export class StatePersistence {
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;

  constructor(private readonly file: string, private readonly store: ClusterStore) {}

  /** Loads the file into the store if it exists; returns whether it did. */
  load(): boolean {
    if (!fs.existsSync(this.file)) return false;
    const state = JSON.parse(fs.readFileSync(this.file, "utf8")) as StoreState;
    this.store.load(state);
    return true;
  }

  /** Marks the state dirty and saves after the debounce. */
  schedule(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), DEBOUNCE_MS);
    this.timer.unref();
  }

  /** Writes now if anything changed since the last save. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.store.dump()));
    fs.renameSync(tmp, this.file);
  }
}
