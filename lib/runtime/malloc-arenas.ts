// glibc's malloc gives threads that allocate at the same time arenas of their own (up to eight per
// core), and memory freed in an arena stays resident there. Two arenas cut the worker's resident
// memory at 10k APIs by about 14 MiB in docs/benchmarks.md. glibc reads the setting when a
// process starts, so it is set for the web server child and in both images' ENV.
export const MALLOC_ENV = { MALLOC_ARENA_MAX: "2" } as const;

/**
 * The worker's malloc also keeps its threshold for mapping a block on its own at 128 KiB,
 * glibc's starting value. glibc raises the threshold to the size of each mapped block freed (up to
 * 32 MiB), after which the worker's large buffers (Kong pages, query results, serialised batches)
 * come from the arena and leave it fragmented: its main arena held 36 MiB during the reads at
 * 10k, 18 MiB with the threshold kept (docs/benchmarks.md). Set in the worker image's ENV and by
 * the benchmark for the worker it starts; the web server measured no better with it.
 */
export const WORKER_MALLOC_ENV = { ...MALLOC_ENV, MALLOC_MMAP_THRESHOLD_: "131072" } as const;

/** `env` with MALLOC_ARENA_MAX=2 unless it sets its own. */
export function withMallocArenas<T extends Record<string, string | undefined>>(env: T): T & typeof MALLOC_ENV {
  return { ...MALLOC_ENV, ...env } as T & typeof MALLOC_ENV;
}
