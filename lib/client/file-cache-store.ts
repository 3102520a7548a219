// The resolver's cache as a JSON file (Node only; loaded on demand so browsers never see it).
// Every write goes to a temporary file in the same directory, is flushed, then renamed over the
// cache: a reader (an entrypoint script, another process) sees the old file or the new one,
// never half of one.
import fs from "node:fs/promises";
import path from "node:path";
import { parseCache, type CacheFile, type CacheStore } from "./resolver-cache";

let counter = 0;

/** Writes `text` to `file` atomically (temporary file + fsync + rename). */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${++counter}.tmp`);
  const handle = await fs.open(tmp, "wx", 0o644);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

/** The cache in `file`; updates in this process are applied one at a time. */
export function fileCacheStore(file: string): CacheStore {
  let queue: Promise<unknown> = Promise.resolve();
  const read = async (): Promise<CacheFile> => {
    try {
      return parseCache(await fs.readFile(file, "utf8"));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return parseCache("");
      throw err;
    }
  };
  return {
    read,
    update(change) {
      // Read-modify-write on the latest file, so an update does not undo another process's.
      const run = queue.then(async () => {
        const cache = await read();
        change(cache);
        await writeFileAtomic(file, `${JSON.stringify(cache, null, 2)}\n`);
        return cache;
      });
      queue = run.catch(() => {});
      return run;
    },
  };
}
